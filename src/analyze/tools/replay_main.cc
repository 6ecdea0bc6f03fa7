// analyze_replay: re-runs the analysis stages (classify, extract, ...) on the pages stored in
// the JSON Lines of a previous `notaria analyze`, without reading the files again, and prints
// the same JSON Lines with fresh results. For developing extractors against the whole
// corpus in seconds:
//   analyze_replay < build/corpus-pages.jsonl | python3 ../shared/tools/eval.py --results -
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "analyze/analysis.h"

int main(int argc, char** argv) {
  // Optional reference date (YYYY-MM-DD) for validity checks; today by default.
  notaria::analyze::mrz::Date reference = notaria::analyze::Today();
  if (argc > 1) {
    std::sscanf(argv[1], "%4d-%2d-%2d", &reference.year, &reference.month, &reference.day);
  }
  std::string line;
  while (std::getline(std::cin, line)) {
    nlohmann::json o = nlohmann::json::parse(line, nullptr, false);
    if (o.is_discarded()) continue;
    if (o.contains("result") && o["result"].is_object() && o["result"].contains("pages")) {
      std::vector<notaria::Page> pages;
      for (const auto& p : o["result"]["pages"]) pages.push_back(notaria::PageFromJson(p));
      o["result"] = notaria::analyze::AnalyzePages(pages, reference);
    }
    std::cout << o.dump() << "\n";
  }
  return 0;
}
