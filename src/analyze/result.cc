#include "analyze/result.h"

#include "analyze/language.h"

namespace notaria::analyze {

nlohmann::json BuildResult(const std::vector<Page>& pages,
                           const std::map<std::string, nlohmann::json>& stage_outputs,
                           bool include_text) {
  nlohmann::json r = nlohmann::json::object();
  if (auto it = stage_outputs.find("classify"); it != stage_outputs.end()) {
    const nlohmann::json& c = it->second;
    r["document_type"] = c.value("type", "autre");
    r["functional_type"] = r["document_type"];
    r["classification"] = {{"confidence", c.value("confidence", 0.0)},
                           {"candidates", c.value("candidates", nlohmann::json::array())},
                           {"reasons", c.value("reasons", nlohmann::json::array())}};
  }
  if (!pages.empty()) r["language"] = DetectLanguage(pages);
  if (auto it = stage_outputs.find("extract"); it != stage_outputs.end()) {
    r["entities"] = it->second;
  }
  if (auto it = stage_outputs.find("assess"); it != stage_outputs.end()) {
    for (const char* key : {"findings", "verifications", "score", "synthesis", "reference_date"}) {
      if (it->second.contains(key)) r[key] = it->second[key];
    }
  }
  // Before the assessment, the registers' answers are shown as soon as they are stored.
  if (auto it = stage_outputs.find("verify");
      it != stage_outputs.end() && !r.contains("verifications")) {
    r["verifications"] = it->second.value("verifications", nlohmann::json::array());
  }
  nlohmann::json out_pages = nlohmann::json::array();
  for (const Page& p : pages) {
    nlohmann::json j = PageToJson(p);
    if (!include_text) {
      j.erase("text");
      j.erase("words");  // places in a text that is not there
    }
    out_pages.push_back(std::move(j));
  }
  r["pages"] = std::move(out_pages);
  return r;
}

}  // namespace notaria::analyze
