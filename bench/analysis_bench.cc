// Time of the full analysis after reading (classification, extraction, checks, score,
// synthesis) of a 10-page deed: the first ten pages of the corpus's 62-page sale deed,
// read once through the PDF text layer before timing.
//   build/release/bench/analysis_bench [--benchmark_repetitions=5]
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "analyze/analysis.h"
#include "ingest/reader.h"

namespace {

std::vector<notaria::Page> LoadDeed(size_t pages) {
  const char* shared = std::getenv("NOTARIA_SHARED_DIR");
  std::string path = std::string(shared ? shared : NOTARIA_SHARED_DIR) +
                     "/corpus/bad/acte_vente_avec_annexes_60p.pdf";
  std::vector<notaria::Page> out;
  notaria::ingest::ReadCallbacks callbacks;
  callbacks.on_page = [&](const notaria::Page& p) {
    if (out.size() < pages) out.push_back(p);
  };
  auto error = notaria::ingest::ReadDocumentInProcess(path, {}, callbacks);
  if (error || out.size() < pages) {
    std::cerr << "analysis_bench: cannot read " << path << "\n";
    std::exit(1);
  }
  return out;
}

void BM_AnalyzeTenPageDeed(benchmark::State& state) {
  static const std::vector<notaria::Page> pages = LoadDeed(10);
  const notaria::analyze::mrz::Date reference{2025, 6, 30};
  size_t bytes = 0;
  for (const auto& p : pages) bytes += p.text.size();
  for (auto _ : state) {
    nlohmann::json result = notaria::analyze::AnalyzePages(pages, reference);
    benchmark::DoNotOptimize(result);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
  state.counters["pages"] = static_cast<double>(pages.size());
}
BENCHMARK(BM_AnalyzeTenPageDeed)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
