// Shared tools of the deed-terms extractors: labelled cue phrases matched on folded text, and
// the way from original byte offsets (what the text/ readers report) to folded ones.
//
// A CueSet is a list of (label, RE2 pattern) pairs over folded text. The kind of an amount, a
// date or a surface is the label of the cue that ends closest before it: grammar puts the
// noun ("prix", "dépôt de garantie", "décédé") before the value it qualifies. A label "-"
// marks a cue that makes the value none of ours (a law's date, a company's capital).
// Immutable after construction; thread-safe.
#pragma once

#include <re2/re2.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "text/folded_text.h"

namespace notaria::analyze {

struct CueHit {
  std::string_view label;
  size_t start = 0;  // folded offsets
  size_t end = 0;
};

class CueSet {
 public:
  explicit CueSet(const std::vector<std::pair<std::string, std::string>>& label_patterns);

  // The cue ending last within folded[begin, end) (the longer one on a tie).
  std::optional<CueHit> Last(std::string_view folded, size_t begin, size_t end) const;
  // The cue starting first within folded[begin, end).
  std::optional<CueHit> First(std::string_view folded, size_t begin, size_t end) const;

 private:
  std::vector<std::pair<std::string, std::unique_ptr<RE2>>> cues_;
};

// Folded offset of each original byte offset of one page (a byte inside a character maps to
// the start of that character's folding; the text's end maps to the folded end).
class FoldedOffsets {
 public:
  explicit FoldedOffsets(const text::FoldedText& text);
  size_t Of(size_t original) const;

 private:
  std::vector<size_t> folded_of_;
};

// `text` with line breaks as spaces, same length: values wrapped over two lines ("309\n500,00
// €", "le 18\njuin 2008") are read whole and offsets stay those of `text`.
std::string FlattenLines(std::string_view text);

// Whitespace runs as one space, trimmed: a value printed over a line break, as shown.
std::string CollapseSpaces(std::string_view text);

// Options shared by the extractor's regexes: folded text is UTF-8, matched case-sensitively
// (it is already lower case), with `.` not crossing line breaks.
RE2::Options FoldedRe2Options();

// Byte offset in `folded` of a match (or submatch) RE2 found in it.
inline size_t OffsetIn(const std::string& folded, const re2::StringPiece& piece) {
  return static_cast<size_t>(piece.data() - folded.data());
}

}  // namespace notaria::analyze
