#include "analyze/analysis.h"

#include <ctime>

#include "analyze/checks.h"
#include "analyze/classify.h"
#include "analyze/extract.h"
#include "analyze/result.h"
#include "analyze/score.h"
#include "analyze/summary.h"

namespace notaria::analyze {

mrz::Date Today() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  return {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

nlohmann::json AssessDocument(const std::vector<Page>& pages, const std::string& document_type,
                              double classification_confidence, const nlohmann::json& entities,
                              const mrz::Date& reference, const nlohmann::json& verifications) {
  nlohmann::json findings = RunChecks(entities, {document_type, reference});
  nlohmann::json score = ScoreDocument(pages, document_type, classification_confidence, entities,
                                       findings, verifications);
  nlohmann::json synthesis =
      SynthesizeDocument(document_type, pages.size(), entities, findings, score, verifications);
  return {{"findings", findings},
          {"score", score},
          {"synthesis", synthesis},
          {"verifications", verifications}};
}

nlohmann::json AnalyzePages(const std::vector<Page>& pages, const mrz::Date& reference) {
  Classification c = ClassifyDocument(pages);
  nlohmann::json classify = ClassificationToJson(c);
  classify["type"] = c.type;
  nlohmann::json entities = ExtractEntities(pages, c.type);
  nlohmann::json assess = AssessDocument(pages, c.type, c.confidence, entities, reference);
  std::map<std::string, nlohmann::json> outputs{
      {"classify", classify}, {"extract", entities}, {"assess", assess}};
  return BuildResult(pages, outputs);
}

}  // namespace notaria::analyze
