#include "analyze/analysis.h"

#include "analyze/classify.h"
#include "analyze/extract.h"
#include "analyze/result.h"

namespace notaria::analyze {

nlohmann::json AnalyzePages(const std::vector<Page>& pages) {
  Classification c = ClassifyDocument(pages);
  nlohmann::json classify = ClassificationToJson(c);
  classify["type"] = c.type;
  std::map<std::string, nlohmann::json> outputs{{"classify", classify},
                                                {"extract", ExtractEntities(pages, c.type)}};
  return BuildResult(pages, outputs);
}

}  // namespace notaria::analyze
