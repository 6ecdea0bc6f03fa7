#include "analyze/extract_deed_terms_cues.h"

#include <limits>

namespace notaria::analyze {

RE2::Options FoldedRe2Options() {
  RE2::Options o;
  o.set_log_errors(false);
  o.set_never_nl(false);
  o.set_dot_nl(false);
  return o;
}

CueSet::CueSet(const std::vector<std::pair<std::string, std::string>>& label_patterns) {
  for (const auto& [label, pattern] : label_patterns) {
    cues_.emplace_back(label, std::make_unique<RE2>(pattern, FoldedRe2Options()));
  }
}

std::optional<CueHit> CueSet::Last(std::string_view folded, size_t begin, size_t end) const {
  std::optional<CueHit> best;
  end = std::min(end, folded.size());
  if (begin >= end) return best;
  for (const auto& [label, re] : cues_) {
    if (!re->ok()) continue;
    size_t pos = begin;
    re2::StringPiece m;
    while (pos < end && re->Match(folded, pos, end, RE2::UNANCHORED, &m, 1)) {
      size_t s = static_cast<size_t>(m.data() - folded.data());
      size_t e = s + m.size();
      if (!best || e > best->end || (e == best->end && s < best->start)) {
        best = CueHit{label, s, e};
      }
      pos = e > s ? e : s + 1;
    }
  }
  return best;
}

std::optional<CueHit> CueSet::First(std::string_view folded, size_t begin, size_t end) const {
  std::optional<CueHit> best;
  end = std::min(end, folded.size());
  if (begin >= end) return best;
  for (const auto& [label, re] : cues_) {
    if (!re->ok()) continue;
    re2::StringPiece m;
    if (!re->Match(folded, begin, end, RE2::UNANCHORED, &m, 1)) continue;
    size_t s = static_cast<size_t>(m.data() - folded.data());
    if (!best || s < best->start) best = CueHit{label, s, s + m.size()};
  }
  return best;
}

FoldedOffsets::FoldedOffsets(const text::FoldedText& text) {
  const size_t n = text.original().size();
  constexpr size_t kUnset = std::numeric_limits<size_t>::max();
  folded_of_.assign(n + 1, kUnset);
  const size_t folded_size = text.folded().size();
  for (size_t k = 0; k < folded_size; ++k) {
    auto [s, e] = text.OriginalSpan(k, k + 1);
    for (size_t b = s; b < e && b < n; ++b) {
      if (folded_of_[b] == kUnset) folded_of_[b] = k;
    }
  }
  folded_of_[n] = folded_size;
  // Characters that fold to nothing (a lone combining mark) take the next folded offset.
  for (size_t b = n; b-- > 0;) {
    if (folded_of_[b] == kUnset) folded_of_[b] = folded_of_[b + 1];
  }
}

size_t FoldedOffsets::Of(size_t original) const {
  if (folded_of_.empty()) return 0;
  return folded_of_[std::min(original, folded_of_.size() - 1)];
}

std::string FlattenLines(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return out;
}

std::string CollapseSpaces(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

}  // namespace notaria::analyze
