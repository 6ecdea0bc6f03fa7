#include "analyze/extract_parties_name.h"

#include <array>
#include <string_view>

#include "analyze/extract_parties_place.h"

namespace notaria::analyze::parties {
namespace {

bool OneEdit(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    if (a.size() > b.size()) std::swap(a, b);
    if (b.size() != a.size() + 1) return false;
    size_t i = 0;
    while (i < a.size() && a[i] == b[i]) ++i;
    return a.substr(i) == b.substr(i + 1);
  }
  int diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff += a[i] != b[i];
  return diff <= 1;
}

bool IsParticle(std::string_view w) {
  static constexpr std::array<std::string_view, 12> kParticles = {
      "de", "du", "des", "le", "la", "da", "dos", "van", "von", "el", "ben", "di"};
  for (auto p : kParticles) {
    if (w == p) return true;
  }
  return false;
}

// Words that end a name even when printed with a capital (sentence starts, clause words).
bool IsStopWord(std::string_view w) {
  static constexpr std::array<std::string_view, 34> kStop = {
      "ne",        "nee",       "nes",         "epouse",   "epoux",    "veuve",      "veuf",
      "demeurant", "domicilie", "domiciliee",  "agissant", "et",       "est",        "sont",
      "son",       "sa",        "celibataire", "divorce",  "divorcee", "represente", "representee",
      "notaire",   "clerc",     "ep",          "ci-apres", "de",       "en",         "au",
      "aux",       "dont",      "demeurante",  "residant", "monsieur", "madame"};
  for (auto s : kStop) {
    if (w == s) return true;
  }
  return false;
}

// What separates word b from word a: only blanks and at most one comma are allowed inside a
// name. Returns -1 when something else separates them, else the number of commas.
int Gap(const PageScan& scan, const Word& a, const Word& b) {
  int commas = 0;
  for (size_t k = a.end; k < b.start; ++k) {
    char c = scan.folded()[k];
    if (c == ',') {
      ++commas;
    } else if (c != ' ' && c != '\n' && c != '\t') {
      return -1;
    }
  }
  return commas > 1 ? -1 : commas;
}

bool IsNameCaps(const Word& w) {
  return w.caps && w.folded.size() >= 2 && !(w.folded[0] >= '0' && w.folded[0] <= '9');
}

}  // namespace

char CivilityAt(const PageScan& scan, size_t i) {
  const auto& words = scan.words();
  if (i >= words.size() || !words[i].capitalized) return 0;
  std::string_view w = words[i].folded;
  bool next_is_dot = words[i].end < scan.folded().size() && scan.folded()[words[i].end] == '.';
  if (w == "monsieur" || w == "mr" || (w == "m" && next_is_dot)) return 'M';
  if (w == "madame" || w == "mme" || w == "mademoiselle" || w == "mlle") return 'F';
  // OCR damage: accept one wrong letter when a capitalised name follows.
  bool name_follows = i + 1 < words.size() && words[i + 1].capitalized;
  if (name_follows && w.size() >= 7 && OneEdit(w, "monsieur")) return 'M';
  if (name_follows && w.size() >= 6 && w.size() <= 7 && w != "madeleine" && OneEdit(w, "madame")) {
    return 'F';
  }
  return 0;
}

std::optional<ParsedName> ParseName(const PageScan& scan, size_t i) {
  const auto& words = scan.words();
  enum Kind { kCaps, kMixed, kParticle };
  std::vector<std::pair<size_t, Kind>> seq;
  bool seen_caps = false, mixed_after_caps = false, mixed_before_caps = false;
  size_t j = i;
  for (; j < words.size(); ++j) {
    const Word& w = words[j];
    if (j > i) {
      int gap = Gap(scan, words[j - 1], w);
      if (gap < 0) break;
      if (gap > 0 && seen_caps) break;
    }
    if (IsNameCaps(w) && !IsParticle(w.folded)) {
      if (mixed_after_caps) break;
      seq.push_back({j, kCaps});
      seen_caps = true;
      continue;
    }
    if (IsParticle(w.folded) && j + 1 < words.size() && IsNameCaps(words[j + 1]) &&
        Gap(scan, w, words[j + 1]) == 0 && (!w.capitalized || w.caps || !seq.empty())) {
      if (mixed_after_caps) break;
      seq.push_back({j, kParticle});
      continue;
    }
    if (IsStopWord(w.folded)) break;
    if (w.capitalized && !w.caps && w.folded.size() >= 2) {
      if (seen_caps) {
        if (mixed_before_caps) break;
        mixed_after_caps = true;
      } else {
        mixed_before_caps = true;
      }
      seq.push_back({j, kMixed});
      continue;
    }
    break;
  }
  if (!seen_caps) return std::nullopt;
  ParsedName name;
  // The nom: the run of capitals (with its particles); prénoms: the mixed-case words.
  size_t caps_begin = seq.size(), caps_end = 0;
  for (size_t k = 0; k < seq.size(); ++k) {
    if (seq[k].second != kMixed) {
      caps_begin = std::min(caps_begin, k);
      caps_end = k + 1;
    }
  }
  bool any_mixed = false;
  for (auto& [idx, kind] : seq) any_mixed |= kind == kMixed;
  if (!any_mixed && caps_end - caps_begin >= 2) {
    // Everything in capitals: the last word (with its particles) is the nom.
    size_t last = caps_end - 1;
    while (last > caps_begin && seq[last - 1].second == kParticle) --last;
    for (size_t k = caps_begin; k < last; ++k) {
      name.first_names.push_back({words[seq[k].first].start, words[seq[k].first].end});
    }
    caps_begin = last;
  } else {
    for (auto& [idx, kind] : seq) {
      if (kind == kMixed) name.first_names.push_back({words[idx].start, words[idx].end});
    }
  }
  name.last_name = {words[seq[caps_begin].first].start, words[seq[caps_end - 1].first].end};
  size_t after = seq.back().first + 1;
  name.end = words[seq.back().first].end;
  // "épouse MARTIN", "veuve MARTIN", "née DURAND", "ép. MARTIN".
  if (after + 1 < words.size()) {
    std::string_view m = words[after].folded;
    bool usage = m == "epouse" || m == "ep" || m == "veuve";
    bool birth = m == "nee" || m == "ne";
    size_t k = after + 1;
    if ((usage || birth) && Gap(scan, words[after - 1], words[after]) >= 0) {
      size_t b = k;
      while (k < words.size() &&
             (IsNameCaps(words[k]) ||
              (IsParticle(words[k].folded) && k + 1 < words.size() && IsNameCaps(words[k + 1]))) &&
             (k == b || Gap(scan, words[k - 1], words[k]) == 0)) {
        ++k;
      }
      if (k > b && IsNameCaps(words[k - 1])) {
        Span marked{words[b].start, words[k - 1].end};
        if (usage) {
          name.birth_name = name.last_name;
          name.last_name = marked;
        } else {
          name.birth_name = marked;
        }
        name.end = words[k - 1].end;
        after = k;
      }
    }
  }
  name.next_word = after;
  return name;
}

std::string NameValue(const PageScan& scan, Span span) {
  return CollapseSpaces(scan.Orig(span.start, span.end));
}

}  // namespace notaria::analyze::parties
