// A page's text folded for matching (lower case, no accents, ligatures expanded, every kind
// of space as ' '), with the way back to the original bytes.
//
// Extractors match on folded() — "CRÉTEIL", "Créteil" and "creteil" look the same — and
// report evidence with OriginalSpan(), whose offsets point into the original UTF-8 text as
// stored, so a notary sees exactly the characters the value came from. Line breaks are kept
// as '\n' (layouts matter to extractors). Immutable once built; thread-compatible.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace notaria::text {

class FoldedText {
 public:
  explicit FoldedText(std::string_view original);

  const std::string& folded() const { return folded_; }
  std::string_view original() const { return original_; }

  // Original byte range [start, end) covering folded bytes [folded_start, folded_end).
  // A range that starts or ends inside the folding of one character covers that whole
  // character. Empty ranges map to an empty range at the corresponding position.
  std::pair<size_t, size_t> OriginalSpan(size_t folded_start, size_t folded_end) const;

 private:
  std::string_view original_;
  std::string folded_;
  // For each folded byte, the original range of the character it comes from.
  std::vector<std::pair<size_t, size_t>> origin_;
};

}  // namespace notaria::text
