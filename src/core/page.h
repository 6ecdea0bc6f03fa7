// One page of a document as read: its text and how it was obtained.
//
// `text` is always valid UTF-8 in NFC. Evidence spans elsewhere (entities, findings) are
// byte offsets into this text, so once a page is stored its text never changes.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace notaria {

enum class PageSource { kTextLayer, kOcr };

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
};

std::string_view PageSourceName(PageSource source);  // "text_layer" | "ocr"

// JSON as in result.md ("number", "source", "ocr_confidence", "rotation", "text", ...).
nlohmann::json PageToJson(const Page& page);
// Inverse of PageToJson; throws nlohmann::json::exception on a malformed object.
Page PageFromJson(const nlohmann::json& j);

}  // namespace notaria
