// Places the words an engine drew (Poppler's text boxes, Tesseract's word boxes) on the page
// text as stored, so that evidence offsets into the text can be outlined on the page image.
//
// The engines' words and the stored text come from the same reading but not the same string
// (layout spaces, line ends, NFC, the MRZ re-read of an ID card): each word is looked up in the
// text a little ahead of the previous one, as a whole word (not inside a longer one), and
// skipped when it is not found there. Words are never guessed: a word that cannot be placed
// has no box. Thread-safe, no state.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/page.h"

namespace notaria::ingest {

struct PlacedWord {
  std::string text;                      // as the engine gave it
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // fractions of the page (0,0 top left)
};

std::vector<WordBox> AlignWords(std::string_view text, const std::vector<PlacedWord>& words);

// The box `word` had before the page was turned by `degrees` clockwise about its centre (the
// deskew): the bounding box of its four corners turned back, clamped to the page. `aspect` is
// the page's width over its height, since fractions of width and height are not the same
// length.
PlacedWord UnturnBox(const PlacedWord& word, double degrees, double aspect);

}  // namespace notaria::ingest
