// Whether a PDF page's text layer can be believed.
//
// A text layer can lie: fonts without a ToUnicode map give shifted or missing letters,
// Identity-H fonts give boxes or U+FFFD, scanner apps emit "s p a c e d" letters, some
// producers leave accents as spacing marks after the letter ("calcule´") or map ligatures to
// wrong characters ("ti" -> "(" in "informa(on"). JudgeTextLayer looks at the NFC text of one
// page only and says whether to keep it or to OCR the page instead, with a stable reason code.
// It is pure and thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace notaria::ingest {

struct TextLayerVerdict {
  bool trusted = false;
  // Empty when trusted; otherwise one of: "no_text", "too_few_characters",
  // "replacement_characters", "private_use_characters", "box_characters",
  // "low_letter_ratio", "spaced_letters", "decomposed_accents", "bad_ligatures",
  // "implausible_words", "few_common_words". Stored in Page::text_layer_rejected.
  std::string reason;
};

// `text` is the page's text layer, UTF-8, NFC.
TextLayerVerdict JudgeTextLayer(std::string_view text);

}  // namespace notaria::ingest
