#include "analyze/extract_parties_text.h"

#include <algorithm>

namespace notaria::analyze::parties {
namespace {

bool IsAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// Case of the letters of a UTF-8 word (Latin-1 letters and Œ, enough for French names).
void CaseOf(std::string_view s, bool* has_upper, bool* has_lower, bool* first_upper) {
  *has_upper = *has_lower = *first_upper = false;
  bool first = true;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = s[i];
    bool upper = false, lower = false;
    if (c >= 'A' && c <= 'Z') upper = true;
    if (c >= 'a' && c <= 'z') lower = true;
    if ((c == 0xC3 || c == 0xC5) && i + 1 < s.size()) {
      unsigned char d = s[i + 1];
      if (c == 0xC3) {
        upper = d >= 0x80 && d <= 0x9E && d != 0x97;
        lower = d >= 0x9F && d <= 0xBF && d != 0xB7;
      } else {
        upper = d == 0x92;
        lower = d == 0x93;
      }
      ++i;
    }
    if (!upper && !lower) continue;
    if (first) *first_upper = upper;
    first = false;
    *has_upper |= upper;
    *has_lower |= lower;
  }
}

}  // namespace

PageScan::PageScan(const DocumentView& doc, size_t index) : doc_(doc), index_(index) {
  const std::string& f = folded();
  size_t i = 0;
  while (i < f.size()) {
    if (!IsAlnum(f[i])) {
      ++i;
      continue;
    }
    size_t start = i;
    while (i < f.size()) {
      if (IsAlnum(f[i])) {
        ++i;
      } else if (f[i] == '-' && i + 1 < f.size() && IsAlnum(f[i + 1])) {
        i += 1;
      } else if (f[i] == '-' && i + 2 < f.size() && f[i + 1] == '\n' && IsAlnum(f[i + 2])) {
        i += 2;  // hyphenated at the end of a line
      } else {
        break;
      }
    }
    Word w;
    w.start = start;
    w.end = i;
    w.folded = std::string_view(f).substr(start, i - start);
    bool up, low, first_up;
    CaseOf(Orig(start, i), &up, &low, &first_up);
    w.caps = up && !low;
    w.capitalized = first_up;
    words_.push_back(w);
  }
}

std::string_view PageScan::Orig(size_t start, size_t end) const {
  return doc_.TextOf(Ev(start, end));
}

size_t PageScan::WordAt(size_t pos) const {
  auto it = std::lower_bound(words_.begin(), words_.end(), pos,
                             [](const Word& w, size_t p) { return w.start < p; });
  return static_cast<size_t>(it - words_.begin());
}

}  // namespace notaria::analyze::parties
