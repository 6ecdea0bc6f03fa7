// Word scanning of one page for the party extractor: the words of the folded text with
// their folded offsets and the case they have in the original text (a civil-status clause
// prints the nom in capitals and the prénoms in mixed case, and that is what tells them
// apart). Spans are folded offsets; Orig() and Ev() map them back to the stored text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "analyze/extract.h"

namespace notaria::analyze::parties {

struct Word {
  size_t start = 0;  // folded offsets
  size_t end = 0;
  std::string_view folded;
  bool caps = false;         // has letters, none of them lower case, in the original
  bool capitalized = false;  // first letter upper case in the original
};

class PageScan {
 public:
  PageScan(const DocumentView& doc, size_t index);

  const std::string& folded() const { return doc_.folded(index_).folded(); }
  const std::vector<Word>& words() const { return words_; }
  size_t index() const { return index_; }
  const DocumentView& doc() const { return doc_; }

  // Original text of folded [start, end), and its evidence.
  std::string_view Orig(size_t start, size_t end) const;
  Evidence Ev(size_t start, size_t end) const { return doc_.EvidenceOf(index_, start, end); }
  // Index of the first word starting at or after folded offset `pos`.
  size_t WordAt(size_t pos) const;

 private:
  const DocumentView& doc_;
  size_t index_;
  std::vector<Word> words_;
};

}  // namespace notaria::analyze::parties
