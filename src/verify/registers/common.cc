#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>

#include "text/normalize.h"
#include "verify/registers/connectors.h"

namespace notaria::verify::registers {

std::optional<json> ParseBody(std::string_view body) {
  json parsed = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return std::nullopt;
  return parsed;
}

std::string Str(const json& obj, std::string_view key) {
  if (!obj.is_object()) return "";
  auto it = obj.find(key);
  if (it == obj.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<long long>());
  if (it->is_number()) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", it->get<double>());
    return buf;
  }
  return "";
}

std::optional<double> Num(const json& obj, std::string_view key) {
  if (!obj.is_object()) return std::nullopt;
  auto it = obj.find(key);
  if (it == obj.end()) return std::nullopt;
  if (it->is_number()) return it->get<double>();
  if (it->is_string()) {
    const std::string s = Trim(it->get<std::string>());
    if (s.empty()) return std::nullopt;
    char* end = nullptr;
    double v = std::strtod(s.c_str(), &end);
    if (end != s.c_str() + s.size() || !std::isfinite(v)) return std::nullopt;
    return v;
  }
  return std::nullopt;
}

const json& Arr(const json& obj, std::string_view key) {
  static const json kEmpty = json::array();
  if (!obj.is_object()) return kEmpty;
  auto it = obj.find(key);
  return it != obj.end() && it->is_array() ? *it : kEmpty;
}

const json& Obj(const json& obj, std::string_view key) {
  static const json kEmpty = json::object();
  if (!obj.is_object()) return kEmpty;
  auto it = obj.find(key);
  return it != obj.end() && it->is_object() ? *it : kEmpty;
}

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

bool ContainsFolded(std::string_view haystack, std::string_view needle) {
  return text::FoldForMatch(haystack).find(text::FoldForMatch(needle)) != std::string::npos;
}

std::string FrenchDecimal(double value, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  std::string s = buf;
  for (char& c : s) {
    if (c == '.') c = ',';
  }
  return s;
}

json MalformedVerification(std::string_view source, std::string subject, std::string_view what) {
  return MakeVerification(source, kVerificationUnavailable, std::move(subject),
                          "Réponse du registre illisible : vérification impossible.",
                          {{"reason", "réponse illisible : " + std::string(what)}});
}

const json* EarlierFor(const VerifyInput& input, std::string_view source, std::string_view key,
                       int value) {
  if (input.earlier == nullptr) return nullptr;
  for (const json& v : *input.earlier) {
    if (!v.is_object() || Str(v, "source") != source) continue;
    const json& details = Obj(v, "details");
    auto it = details.find(key);
    if (it != details.end() && it->is_number_integer() && it->get<int>() == value) return &v;
  }
  return nullptr;
}

std::string CommuneOfArrondissement(const std::string& code) {
  if (code.size() != 5) return code;
  int n = std::atoi(code.c_str());
  if (DigitsOf(code) != code) return code;
  if (n >= 75101 && n <= 75120) return "75056";
  if (n >= 69381 && n <= 69389) return "69123";
  if (n >= 13201 && n <= 13216) return "13055";
  return code;
}

std::string PersonDisplayName(const json& person) {
  std::string out;
  for (const json& f : Arr(person, "first_names")) {
    if (!f.is_string()) continue;
    if (!out.empty()) out += ' ';
    out += f.get<std::string>();
  }
  std::string last = Str(person, "last_name");
  if (last.empty()) last = Str(person, "birth_name");
  if (!last.empty()) {
    if (!out.empty()) out += ' ';
    out += last;
  }
  return out;
}

std::vector<CompanyRef> PartyCompanies(const json& entities) {
  static const std::set<std::string> kNotParties = {"fournisseur", "preteur", "intermediaire"};
  std::vector<CompanyRef> out;
  const json& companies = Arr(entities, "companies");
  for (size_t i = 0; i < companies.size(); ++i) {
    const json& c = companies[i];
    if (!c.is_object() || kNotParties.count(Str(c, "role")) > 0) continue;
    CompanyRef ref;
    ref.index = static_cast<int>(i);
    ref.company = &c;
    ref.name = Str(c, "name");
    std::string siren = DigitsOf(Str(c, "siren"));
    if (siren.size() != 9) {
      std::string siret = DigitsOf(Str(c, "siret"));
      siren = siret.size() == 14 ? siret.substr(0, 9) : "";
    }
    ref.siren = siren;
    out.push_back(std::move(ref));
  }
  return out;
}

}  // namespace notaria::verify::registers
