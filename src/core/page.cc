#include "core/page.h"

namespace notaria {

std::string_view PageSourceName(PageSource source) {
  return source == PageSource::kOcr ? "ocr" : "text_layer";
}

nlohmann::json PageToJson(const Page& page) {
  nlohmann::json j;
  j["number"] = page.number;
  j["source"] = PageSourceName(page.source);
  j["ocr_confidence"] =
      page.ocr_confidence < 0 ? nlohmann::json(nullptr) : nlohmann::json(page.ocr_confidence);
  j["rotation"] = page.rotation;
  j["rotation_confidence"] = page.rotation_confidence < 0
                                 ? nlohmann::json(nullptr)
                                 : nlohmann::json(page.rotation_confidence);
  j["skew_deg"] = page.skew_deg;
  j["text"] = page.text;
  if (!page.text_layer_rejected.empty()) j["text_layer_rejected"] = page.text_layer_rejected;
  return j;
}

Page PageFromJson(const nlohmann::json& j) {
  Page p;
  p.number = j.at("number").get<int>();
  p.source = j.at("source").get<std::string>() == "ocr" ? PageSource::kOcr : PageSource::kTextLayer;
  p.ocr_confidence = j.value("ocr_confidence", nlohmann::json(nullptr)).is_null()
                         ? -1
                         : j.at("ocr_confidence").get<double>();
  p.rotation = j.value("rotation", 0);
  p.rotation_confidence = j.value("rotation_confidence", nlohmann::json(nullptr)).is_null()
                              ? -1
                              : j.at("rotation_confidence").get<double>();
  p.skew_deg = j.value("skew_deg", 0.0);
  p.text = j.at("text").get<std::string>();
  p.text_layer_rejected = j.value("text_layer_rejected", std::string());
  return p;
}

}  // namespace notaria
