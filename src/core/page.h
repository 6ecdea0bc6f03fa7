// One page of a document as read: its text and how it was obtained.
//
// `text` is always valid UTF-8 in NFC. Evidence spans elsewhere (entities, findings) are
// byte offsets into this text, so once a page is stored its text never changes.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace notaria {

enum class PageSource { kTextLayer, kOcr };

// Where a word of `text` is drawn on the page: bytes [start, end) of the text, and its box in
// fractions of the upright page's width and height (0,0 top left), so that a viewer at any
// size can outline the evidence of a value on the page image.
struct WordBox {
  size_t start = 0, end = 0;
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

struct Page {
  int number = 0;  // 1-based
  PageSource source = PageSource::kTextLayer;
  double ocr_confidence = -1;  // 0..1 for OCR pages; negative when not OCR (null in JSON)
  int rotation = 0;            // clockwise degrees applied to bring the page upright (0/90/180/270)
  double rotation_confidence = -1;  // OSD confidence, negative when orientation was not detected
  double skew_deg = 0;              // deskew angle applied, degrees
  std::string text;
  // Why the text layer of this page was not trusted (empty when it was, or when there was
  // none to judge).
  std::string text_layer_rejected;
  // The words of `text` whose place on the page is known, in text order (empty for pages read
  // before boxes were kept).
  std::vector<WordBox> words;
};

std::string_view PageSourceName(PageSource source);  // "text_layer" | "ocr"

// JSON as in result.md ("number", "source", "ocr_confidence", "rotation", "text", ...).
nlohmann::json PageToJson(const Page& page);
// Inverse of PageToJson; throws nlohmann::json::exception on a malformed object.
Page PageFromJson(const nlohmann::json& j);

}  // namespace notaria
