// Gel des avoirs, the DG Trésor national freeze register (spec/registers.md §4): LCB-FT
// screening of every party, natural or legal person, before the deed.
//
// The register is one JSON file (about 13 MB, 7,400 entries) served by
// GET /api/v1/publication/derniere-publication-fichier-json: it is downloaded at most once a
// day, kept in data_dir/registers/gel_avoirs.json (temporary file + rename, so a reader never
// sees half a file), parsed once into an in-memory index shared by every document, and
// screened locally: screening a party costs no request. When a download fails the previous
// copy is used and the verification says which publication it is.
//
// Matching is deliberately wide (a notary must look at a possible hit, a missed hit is the
// costly error): surname equal or a likely misspelling (text::CompareNames) plus a first name
// that agrees, or an alias that agrees with the full name; a birth date known on both sides
// and different rules the entry out. Companies compare by CompanyNameKey, equal or close.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <fstream>
#include <mutex>
#include <sstream>
#include <system_error>

#include "text/names.h"
#include "verify/register_client.h"
#include "verify/registers/connectors.h"

namespace notaria::verify {
namespace {

using nlohmann::json;
using namespace registers;
namespace fs = std::filesystem;

constexpr std::string_view kSource = "gel_avoirs";
constexpr std::string_view kPath = "/api/v1/publication/derniere-publication-fichier-json";
constexpr size_t kMaxMatchesShown = 5;

struct PartialDate {
  int year = 0, month = 0, day = 0;  // 0 = unknown (the register has non-numeric values)
};

struct Entry {
  long long id = 0;
  bool legal_person = false;
  std::string nom;
  std::vector<std::string> prenoms;
  std::vector<std::string> aliases;
  std::vector<PartialDate> births;
  std::vector<std::string> fondements;
};

struct Index {
  std::string publication_date;  // YYYY-MM-DD
  std::vector<Entry> entries;
  fs::file_time_type stamp;  // when the copy was obtained
};

int IntOf(const json& obj, std::string_view key) {
  std::string digits = Trim(Str(obj, key));
  if (digits.empty() || DigitsOf(digits) != digits || digits.size() > 4) return 0;
  return std::stoi(digits);
}

// The register as an index, or nullopt when the JSON is not the register's shape.
std::optional<Index> BuildIndex(const json& doc) {
  const json& pubs = Obj(doc, "Publications");
  if (pubs.empty() || !pubs.contains("PublicationDetail") ||
      !pubs["PublicationDetail"].is_array()) {
    return std::nullopt;
  }
  Index index;
  index.publication_date = Str(pubs, "DatePublication").substr(0, 10);
  for (const json& e : pubs["PublicationDetail"]) {
    if (!e.is_object()) continue;
    std::string nature = Str(e, "Nature");
    bool pm = nature == "Personne morale";
    if (!pm && nature != "Personne physique") continue;  // ships (Navire) are not parties
    Entry entry;
    entry.id = static_cast<long long>(Num(e, "IdRegistre").value_or(0));
    entry.legal_person = pm;
    entry.nom = Str(e, "Nom");
    for (const json& field : Arr(e, "RegistreDetail")) {
      std::string type = Str(field, "TypeChamp");
      for (const json& v : Arr(field, "Valeur")) {
        if (type == "PRENOM") {
          if (!Str(v, "Prenom").empty()) entry.prenoms.push_back(Str(v, "Prenom"));
        } else if (type == "ALIAS") {
          if (!Str(v, "Alias").empty()) entry.aliases.push_back(Str(v, "Alias"));
        } else if (type == "DATE_DE_NAISSANCE") {
          PartialDate d{IntOf(v, "Annee"), IntOf(v, "Mois"), IntOf(v, "Jour")};
          if (d.year > 0) entry.births.push_back(d);
        } else if (type == "FONDEMENT_JURIDIQUE") {
          std::string label = Str(v, "FondementJuridiqueLabel");
          if (!label.empty()) entry.fondements.push_back(label);
        }
      }
    }
    if (!entry.nom.empty() || !entry.aliases.empty()) index.entries.push_back(std::move(entry));
  }
  return index;
}

bool Matches(text::NameMatch m) { return m != text::NameMatch::kDifferent; }

// "1975-08-10" against the register's possibly partial dates.
bool BirthCompatible(const std::string& iso, const std::vector<PartialDate>& births) {
  if (births.empty() || iso.size() < 4) return true;
  int y = std::atoi(iso.substr(0, 4).c_str());
  int m = iso.size() >= 7 ? std::atoi(iso.substr(5, 2).c_str()) : 0;
  int d = iso.size() >= 10 ? std::atoi(iso.substr(8, 2).c_str()) : 0;
  if (y <= 0) return true;
  return std::any_of(births.begin(), births.end(), [&](const PartialDate& b) {
    return b.year == y && (b.month == 0 || m == 0 || b.month == m) &&
           (b.day == 0 || d == 0 || b.day == d);
  });
}

struct Person {
  std::vector<std::string> surnames;
  std::vector<std::string> first_names;
  std::string birth_date;
  std::string display;
};

// Why `entry` may be `p`, or "" when it is not.
std::string MatchPerson(const Person& p, const Entry& e) {
  std::string how;
  bool surname = std::any_of(p.surnames.begin(), p.surnames.end(), [&](const std::string& s) {
    return Matches(text::CompareNames(e.nom, s));
  });
  if (surname) {
    bool first = e.prenoms.empty() || p.first_names.empty();
    for (const auto& reg : e.prenoms) {
      for (const auto& f : p.first_names) {
        if (Matches(text::CompareNames(reg, f))) first = true;
      }
    }
    if (first) how = e.prenoms.empty() || p.first_names.empty() ? "nom" : "nom et prénom";
  }
  if (how.empty()) {
    for (const auto& alias : e.aliases) {
      std::string key = text::NameKey(alias);
      if (key.find(' ') == std::string::npos) continue;  // a lone word is no identity
      for (const auto& s : p.surnames) {
        for (const auto& f : p.first_names) {
          if (Matches(text::CompareNames(alias, f + " " + s)) ||
              Matches(text::CompareNames(alias, s + " " + f))) {
            how = "alias « " + alias + " »";
          }
        }
      }
      if (!how.empty()) break;
    }
  }
  if (how.empty() || !BirthCompatible(p.birth_date, e.births)) return "";
  return how;
}

std::string MatchCompany(const std::string& company_key, const Entry& e) {
  auto same = [&](const std::string& name) {
    std::string key = text::CompanyNameKey(name);
    if (key.empty()) return false;
    // Equal keys, or a misspelling; not the compound-name rule, which would make "Rossiya"
    // match every "Bank Rossiya"-like name.
    return key == company_key || text::CompareNames(key, company_key) == text::NameMatch::kClose;
  };
  if (same(e.nom)) return "dénomination";
  for (const auto& alias : e.aliases) {
    if (same(alias)) return "alias « " + alias + " »";
  }
  return "";
}

json MatchDetails(const Entry& e, const std::string& how) {
  json births = json::array();
  for (const auto& b : e.births) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", b.year, b.month, b.day);
    births.push_back(buf);
  }
  return {{"IdRegistre", e.id},
          {"nom", e.nom},
          {"prenoms", e.prenoms},
          {"dates_naissance", births},
          {"fondement", e.fondements},
          {"correspondance", how},
          {"nature", e.legal_person ? "Personne morale" : "Personne physique"}};
}

std::vector<Person> PersonsOf(const VerifyInput& input) {
  std::vector<Person> out;
  for (const json& p : Arr(input.entities, "persons")) {
    // The deceased of a succession is not a party to the deed.
    if (Str(p, "role") == "defunt") continue;
    Person person;
    for (const char* k : {"last_name", "birth_name"}) {
      if (!Trim(Str(p, k)).empty()) person.surnames.push_back(Trim(Str(p, k)));
    }
    for (const json& f : Arr(p, "first_names")) {
      if (f.is_string() && !Trim(f.get<std::string>()).empty()) {
        person.first_names.push_back(f.get<std::string>());
      }
    }
    person.birth_date = Str(p, "birth_date");
    person.display = PersonDisplayName(p);
    if (!person.surnames.empty()) out.push_back(std::move(person));
  }
  // An ID card read without its person block still names its holder.
  const json& id = Obj(input.entities, "identity_document");
  if (out.empty() && !Str(id, "surname").empty()) {
    Person person;
    person.surnames.push_back(Str(id, "surname"));
    if (!Str(id, "usage_name").empty()) person.surnames.push_back(Str(id, "usage_name"));
    for (const json& f : Arr(id, "given_names")) {
      if (f.is_string()) person.first_names.push_back(f.get<std::string>());
    }
    person.birth_date = Str(id, "birth_date");
    for (const auto& f : person.first_names) person.display += f + " ";
    person.display += person.surnames.front();
    out.push_back(std::move(person));
  }
  return out;
}

class GelAvoirsRegister : public Register {
 public:
  GelAvoirsRegister(RegisterClient& client, GelAvoirsOptions options)
      : client_(client), options_(std::move(options)) {}
  std::string_view name() const override { return kSource; }

  std::vector<json> Verify(const VerifyInput& input) override {
    std::vector<Person> persons = PersonsOf(input);
    // An ID document screens its holder; companies printed near it are none of its business.
    const bool identity = input.document_type == "cni" || input.document_type == "passeport";
    std::vector<CompanyRef> companies =
        identity ? std::vector<CompanyRef>{} : PartyCompanies(input.entities);
    companies.erase(
        std::remove_if(companies.begin(), companies.end(),
                       [](const CompanyRef& c) { return text::CompanyNameKey(c.name).empty(); }),
        companies.end());
    if (persons.empty() && companies.empty()) return {};

    Obtained got = Obtain();
    std::vector<json> out;
    if (got.index == nullptr) {
      for (const auto& p : persons)
        out.push_back(UnansweredVerification(kSource, p.display, got.call));
      for (const auto& c : companies)
        out.push_back(UnansweredVerification(kSource, c.name, got.call));
      return out;
    }
    const Index& index = *got.index;
    json base = {{"publication_date", index.publication_date}, {"entries", index.entries.size()}};
    if (!got.note.empty()) base["copy"] = got.note;

    for (const Person& p : persons) {
      json matches = json::array();
      for (const Entry& e : index.entries) {
        if (e.legal_person) continue;
        std::string how = MatchPerson(p, e);
        if (!how.empty() && matches.size() < kMaxMatchesShown) {
          matches.push_back(MatchDetails(e, how));
        }
      }
      out.push_back(Result(p.display, matches, base, index));
    }
    for (const CompanyRef& c : companies) {
      std::string key = text::CompanyNameKey(c.name);
      json matches = json::array();
      for (const Entry& e : index.entries) {
        if (!e.legal_person) continue;
        std::string how = MatchCompany(key, e);
        if (!how.empty() && matches.size() < kMaxMatchesShown) {
          matches.push_back(MatchDetails(e, how));
        }
      }
      json details = base;
      details["company_index"] = c.index;
      out.push_back(Result(c.name, matches, details, index));
    }
    return out;
  }

 private:
  struct Obtained {
    std::shared_ptr<const Index> index;  // nullptr: no copy could be had
    std::string note;                    // how old the copy is, when it is not fresh
    CallResult call;                     // the failed download, when index is nullptr
  };

  static json Result(const std::string& subject, const json& matches, json details,
                     const Index& index) {
    std::string note =
        details.contains("copy") ? " (" + details["copy"].get<std::string>() + ")" : "";
    if (matches.empty()) {
      return MakeVerification(kSource, kVerificationOk, subject,
                              "Gel des avoirs : aucune correspondance pour " + subject +
                                  " dans le registre publié le " + index.publication_date + note +
                                  ".",
                              std::move(details));
    }
    details["matches"] = matches;
    const json& m = matches[0];
    return MakeVerification(
        kSource, kVerificationMismatch, subject,
        "Gel des avoirs : correspondance possible pour " + subject + " avec l'entrée n° " +
            std::to_string(m["IdRegistre"].get<long long>()) + " (" + m["nom"].get<std::string>() +
            ", " + m["correspondance"].get<std::string>() + ") du registre publié le " +
            index.publication_date + note + ". Vérifier l'identité avant tout acte.",
        std::move(details));
  }

  fs::path FilePath() const { return options_.data_dir / "registers" / "gel_avoirs.json"; }

  static std::optional<Index> ReadFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream buf;
    buf << in.rdbuf();
    auto doc = ParseBody(buf.str());
    if (!doc) return std::nullopt;
    return BuildIndex(*doc);
  }

  // Writes `body` beside the final path, then renames it over: readers (another process
  // sharing the data dir) see the old file or the new one, never a partial one.
  bool Store(const std::string& body) {
    std::error_code ec;
    fs::path path = FilePath();
    fs::create_directories(path.parent_path(), ec);
    fs::path tmp = path;
    tmp += ".tmp";
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      out.write(body.data(), static_cast<std::streamsize>(body.size()));
      if (!out) return false;
    }
    fs::rename(tmp, path, ec);
    if (ec) fs::remove(tmp, ec);
    return !ec;
  }

  Obtained Obtain() {
    std::lock_guard<std::mutex> lock(mu_);
    const bool persist = !options_.data_dir.empty();
    const auto now = fs::file_time_type::clock::now();
    std::error_code ec;

    // 1. A fresh copy on disk (possibly written by another process), or in memory.
    if (persist) {
      auto mtime = fs::last_write_time(FilePath(), ec);
      if (!ec && now - mtime < options_.max_age) {
        if (index_ && index_->stamp == mtime) return {index_, "", {}};
        if (auto loaded = ReadFile(FilePath())) {
          loaded->stamp = mtime;
          index_ = std::make_shared<const Index>(std::move(*loaded));
          spdlog::info("gel des avoirs: local copy loaded, {} entries", index_->entries.size());
          return {index_, "", {}};
        }
        // An unreadable copy is downloaded again.
      }
    } else if (index_ && now - index_->stamp < options_.max_age) {
      return {index_, "", {}};
    }

    // 2. Download, unless a recent attempt failed.
    CallResult call;
    const auto steady_now = std::chrono::steady_clock::now();
    if (steady_now >= retry_not_before_) {
      call = client_.Get(kSource, kPath, {{"Accept", "application/json"}});
      if (call.outcome == CallOutcome::kOk) {
        auto doc = ParseBody(call.body);
        std::optional<Index> fresh = doc ? BuildIndex(*doc) : std::nullopt;
        if (fresh) {
          fresh->stamp = now;
          if (persist && Store(call.body)) {
            fresh->stamp = fs::last_write_time(FilePath(), ec);
            if (ec) fresh->stamp = now;
          }
          index_ = std::make_shared<const Index>(std::move(*fresh));
          spdlog::info("gel des avoirs: register downloaded, {} entries, published {}",
                       index_->entries.size(), index_->publication_date);
          return {index_, "", {}};
        }
        call.outcome = CallOutcome::kUnavailable;
        call.reason = "fichier du registre illisible";
      }
      if (call.outcome != CallOutcome::kOffline) {
        retry_not_before_ = steady_now + options_.retry_after_failure;
        spdlog::warn(
            "gel des avoirs: download failed ({}), using the previous copy if any",
            call.reason.empty() ? std::string(CallOutcomeName(call.outcome)) : call.reason);
      }
    } else {
      call.outcome = CallOutcome::kUnavailable;
      call.reason = "téléchargement en échec récent, nouvel essai plus tard";
    }

    // 3. The previous copy, however old.
    std::string why =
        call.outcome == CallOutcome::kOffline ? "mode hors ligne" : "téléchargement impossible";
    if (!index_ && persist) {
      if (auto loaded = ReadFile(FilePath())) {
        loaded->stamp = fs::last_write_time(FilePath(), ec);
        index_ = std::make_shared<const Index>(std::move(*loaded));
      }
    }
    if (index_) {
      return {index_, "copie locale, " + why + " : " + DescribeFailure(call), {}};
    }
    return {nullptr, "", call};
  }

  static std::string DescribeFailure(const CallResult& call) {
    return call.reason.empty() ? std::string(CallOutcomeName(call.outcome)) : call.reason;
  }

  RegisterClient& client_;
  const GelAvoirsOptions options_;
  std::mutex mu_;
  std::shared_ptr<const Index> index_;
  std::chrono::steady_clock::time_point retry_not_before_{};
};

}  // namespace

std::unique_ptr<Register> MakeGelAvoirsRegister(RegisterClient& client,
                                                const GelAvoirsOptions& options) {
  return std::make_unique<GelAvoirsRegister>(client, options);
}

}  // namespace notaria::verify
