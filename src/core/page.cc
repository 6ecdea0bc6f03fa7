#include "core/page.h"

#include <algorithm>
#include <cmath>

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
  // Compact: [start, end, x0, y0, x1, y1] per word, fractions to 1/10000 (a tenth of a
  // millimetre on A4), since a page holds hundreds of words.
  if (!page.words.empty()) {
    nlohmann::json words = nlohmann::json::array();
    auto fraction = [](float v) { return std::round(v * 10000.0) / 10000.0; };
    for (const WordBox& w : page.words) {
      words.push_back(
          {w.start, w.end, fraction(w.x0), fraction(w.y0), fraction(w.x1), fraction(w.y1)});
    }
    j["words"] = std::move(words);
  }
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
  if (auto it = j.find("words"); it != j.end() && it->is_array()) {
    for (const auto& w : *it) {
      if (!w.is_array() || w.size() != 6 || !w[0].is_number_unsigned() ||
          !w[1].is_number_unsigned() ||
          !std::all_of(w.begin(), w.end(), [](const auto& v) { return v.is_number(); })) {
        continue;
      }
      p.words.push_back({w[0].get<size_t>(), w[1].get<size_t>(), w[2].get<float>(),
                         w[3].get<float>(), w[4].get<float>(), w[5].get<float>()});
    }
  }
  return p;
}

}  // namespace notaria
