#include "analyze/validate_commune.h"

#include <algorithm>
#include <cctype>

#include "text/normalize.h"

namespace notaria::analyze {

extern const char kCommunesData[];
extern const std::size_t kCommunesDataSize;

namespace {

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  while (true) {
    size_t next = s.find(sep, pos);
    out.push_back(s.substr(pos, next == std::string_view::npos ? s.npos : next - pos));
    if (next == std::string_view::npos) break;
    pos = next + 1;
  }
  return out;
}

template <typename Map>
auto EqualRange(const Map& map, std::string_view key) {
  return std::equal_range(map.begin(), map.end(), std::pair<std::string, size_t>{key, 0},
                          [](const auto& a, const auto& b) { return a.first < b.first; });
}

bool Contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

std::string CommuneIndex::NormalizeName(std::string_view name) {
  std::string folded = text::FoldForMatch(name);
  std::string s;
  for (char c : folded) {
    unsigned char u = static_cast<unsigned char>(c);
    s += std::isalnum(u) ? c : ' ';
  }
  std::vector<std::string> words;
  for (std::string_view w : Split(s, ' ')) {
    if (!w.empty()) words.emplace_back(w);
  }
  // "Havre (Le)" -> "le havre": the INSEE bracketed-article style.
  static const std::vector<std::string> kArticles = {"le", "la", "les", "l"};
  if (words.size() >= 2 && Contains(kArticles, words.back()) &&
      folded.find('(') != std::string::npos) {
    words.insert(words.begin(), words.back());
    words.pop_back();
  }
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) {
    std::string w = words[i];
    if (w == "st") w = "saint";
    if (w == "ste") w = "sainte";
    // Arrondissement numbers: "1er", "01", "3e", "3eme", "2nd" -> "1", "3", "2".
    if (i > 0 && std::isdigit(static_cast<unsigned char>(w[0]))) {
      size_t d = 0;
      while (d < w.size() && std::isdigit(static_cast<unsigned char>(w[d]))) ++d;
      std::string suffix = w.substr(d);
      if (suffix.empty() || suffix == "er" || suffix == "e" || suffix == "eme" || suffix == "nd" ||
          suffix == "ieme") {
        w = w.substr(0, d);
        while (w.size() > 1 && w[0] == '0') w.erase(0, 1);
      }
    }
    if (w == "arrondissement" || w == "arr") continue;
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

CommuneIndex::CommuneIndex() {
  std::string_view data(kCommunesData, kCommunesDataSize);
  for (std::string_view line : Split(data, '\n')) {
    if (line.empty()) continue;
    std::vector<std::string_view> f = Split(line, '|');
    if (line[0] == '~' && f.size() == 2) {
      old_codes_.emplace_back(std::string(f[0].substr(1)), std::string(f[1]));
      continue;
    }
    if (f.size() != 5) continue;
    Commune c;
    c.code = f[0];
    switch (f[1].empty() ? 'A' : f[1][0]) {
      case 'D':
        c.kind = Commune::Kind::kDelegated;
        break;
      case 'S':
        c.kind = Commune::Kind::kAssociated;
        break;
      case 'M':
        c.kind = Commune::Kind::kArrondissement;
        break;
      default:
        c.kind = Commune::Kind::kCurrent;
    }
    c.parent = f[2];
    c.name = f[3];
    if (!f[4].empty()) {
      for (std::string_view pc : Split(f[4], ',')) c.postal_codes.emplace_back(pc);
    }
    communes_.push_back(std::move(c));
  }
  // Index by code first, the current commune before a déléguée of the same code (a
  // commune nouvelle often keeps the code of its chef-lieu, which becomes a déléguée too).
  for (size_t i = 0; i < communes_.size(); ++i) by_code_.emplace_back(communes_[i].code, i);
  std::stable_sort(by_code_.begin(), by_code_.end(), [&](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first < b.first;
    return communes_[a.second].kind < communes_[b.second].kind;
  });
  // Délégués and associées have no postal code of their own: they use their chef-lieu's.
  for (Commune& c : communes_) {
    if (c.postal_codes.empty() && !c.parent.empty()) {
      auto r = EqualRange(by_code_, c.parent);
      if (r.first != r.second) c.postal_codes = communes_[r.first->second].postal_codes;
    }
  }
  for (size_t i = 0; i < communes_.size(); ++i) {
    for (const std::string& pc : communes_[i].postal_codes) by_postal_.emplace_back(pc, i);
    by_name_.emplace_back(NormalizeName(communes_[i].name), i);
  }
  std::sort(by_postal_.begin(), by_postal_.end());
  std::sort(by_name_.begin(), by_name_.end());
  std::sort(old_codes_.begin(), old_codes_.end());
}

const CommuneIndex& CommuneIndex::Get() {
  static const CommuneIndex* index = new CommuneIndex();
  return *index;
}

const Commune* CommuneIndex::ByCode(std::string_view insee) const {
  auto r = EqualRange(by_code_, insee);
  return r.first == r.second ? nullptr : &communes_[r.first->second];
}

std::vector<const Commune*> CommuneIndex::ByPostalCode(std::string_view postal_code) const {
  std::vector<const Commune*> out;
  auto r = EqualRange(by_postal_, postal_code);
  for (auto it = r.first; it != r.second; ++it) out.push_back(&communes_[it->second]);
  return out;
}

std::vector<const Commune*> CommuneIndex::ByName(std::string_view name) const {
  std::vector<const Commune*> out;
  auto r = EqualRange(by_name_, NormalizeName(name));
  for (auto it = r.first; it != r.second; ++it) out.push_back(&communes_[it->second]);
  return out;
}

std::vector<const Commune*> CommuneIndex::ByPostalCodeAndName(std::string_view postal_code,
                                                              std::string_view name) const {
  std::vector<const Commune*> out;
  for (const Commune* c : ByName(name)) {
    if (Contains(c->postal_codes, postal_code)) out.push_back(c);
  }
  return out;
}

CommuneCheck CommuneIndex::Check(std::string_view insee, std::string_view postal_code,
                                 std::string_view name) const {
  CommuneCheck out;
  std::string code(insee);
  auto old = std::equal_range(old_codes_.begin(), old_codes_.end(),
                              std::pair<std::string, std::string>{code, ""},
                              [](const auto& a, const auto& b) { return a.first < b.first; });
  const Commune* c = ByCode(code);
  if (c == nullptr && old.first != old.second) {
    out.code_obsolete = true;
    code = old.first->second;
    c = ByCode(code);
  }
  if (c == nullptr) return out;
  out.code_known = true;
  out.current_code = c->kind == Commune::Kind::kCurrent || c->kind == Commune::Kind::kArrondissement
                         ? c->code
                         : c->parent;
  out.expected_postal_codes = c->postal_codes;
  out.expected_name = c->name;
  // The names and postal codes a code accepts: its own, its city's for an arrondissement,
  // its arrondissements' for a city.
  std::vector<const Commune*> family = {c};
  if (c->kind == Commune::Kind::kArrondissement) {
    if (const Commune* city = ByCode(c->parent)) family.push_back(city);
  }
  for (const Commune& other : communes_) {
    if (other.kind == Commune::Kind::kArrondissement && other.parent == c->code) {
      family.push_back(&other);
    }
  }
  // A commune déléguée keeps its own name in addresses; the commune nouvelle's name fits too.
  if (c->kind == Commune::Kind::kDelegated || c->kind == Commune::Kind::kAssociated) {
    if (const Commune* chef = ByCode(c->parent)) family.push_back(chef);
  }
  if (!postal_code.empty()) {
    out.postal_code_matches = Contains(c->postal_codes, postal_code);
    if (c->kind == Commune::Kind::kCurrent) {
      for (const Commune* f : family) {
        if (Contains(f->postal_codes, postal_code)) out.postal_code_matches = true;
      }
    }
  }
  if (!name.empty()) {
    std::string n = NormalizeName(name);
    for (const Commune* f : family) {
      if (NormalizeName(f->name) == n) out.name_matches = true;
    }
    // Délégués share their code with the commune nouvelle in many cases.
    auto r = EqualRange(by_code_, c->code);
    for (auto it = r.first; it != r.second; ++it) {
      if (NormalizeName(communes_[it->second].name) == n) out.name_matches = true;
    }
  }
  return out;
}

}  // namespace notaria::analyze
