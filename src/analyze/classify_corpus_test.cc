// Accuracy of the classifier on the reference texts of the shared corpus, and on a few OCR
// outputs of its scans kept as fixtures (testdata/ocr: "<expected type>__<name>.txt", pages
// separated by form feeds). Prints the confusion of the errors, never document text.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "analyze/classify.h"

namespace notaria::analyze {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Tally {
  int total = 0;
  int correct = 0;
  std::map<std::pair<std::string, std::string>, int> errors;  // (expected, got) -> count

  void Add(const std::string& expected, const std::string& got) {
    ++total;
    if (expected == got) {
      ++correct;
    } else {
      ++errors[{expected, got}];
    }
  }
  double Accuracy() const { return total == 0 ? 0 : static_cast<double>(correct) / total; }
  void Print(const std::string& what) const {
    std::cout << what << ": " << correct << "/" << total << " = " << Accuracy() * 100 << " %\n";
    for (const auto& [k, n] : errors) {
      std::cout << "  expected " << k.first << " got " << k.second << " x" << n << "\n";
    }
  }
};

TEST(ClassifyCorpusTest, ReferenceTextsOfTheCorpus) {
  fs::path corpus = fs::path(NOTARIA_SHARED_DIR) / "corpus";
  if (!fs::exists(corpus)) GTEST_SKIP() << "no corpus at " << corpus;
  Tally tally;
  for (const auto& entry : fs::recursive_directory_iterator(corpus)) {
    std::string name = entry.path().filename().string();
    if (!name.ends_with(".truth.json") || name == "dossier.truth.json") continue;
    nlohmann::json truth = nlohmann::json::parse(ReadFile(entry.path()), nullptr, false);
    if (!truth.is_object() || !truth.contains("document_type") || !truth.contains("text")) continue;
    std::vector<Page> pages;
    for (const auto& t : truth["text"]) {
      pages.push_back({.number = static_cast<int>(pages.size()) + 1, .text = t.get<std::string>()});
    }
    std::string expected = truth["document_type"].get<std::string>();
    Classification c = ClassifyDocument(pages);
    if (c.type != expected) std::cout << "  miss: " << name << " -> " << c.type << "\n";
    tally.Add(expected, c.type);
  }
  tally.Print("reference texts");
  ASSERT_GT(tally.total, 100);
  EXPECT_GE(tally.Accuracy(), 0.97);
}

TEST(ClassifyCorpusTest, OcrOutputsOfHardScans) {
  fs::path dir = fs::path(NOTARIA_SOURCE_DIR) / "src/analyze/testdata/ocr";
  Tally tally;
  for (const auto& entry : fs::directory_iterator(dir)) {
    std::string name = entry.path().filename().string();
    size_t sep = name.find("__");
    if (!name.ends_with(".txt") || sep == std::string::npos) continue;
    std::string text = ReadFile(entry.path());
    std::vector<Page> pages;
    size_t start = 0;
    while (true) {
      size_t ff = text.find('\f', start);
      pages.push_back({.number = static_cast<int>(pages.size()) + 1,
                       .source = PageSource::kOcr,
                       .text = text.substr(start, ff - start)});
      if (ff == std::string::npos) break;
      start = ff + 1;
    }
    std::string expected = name.substr(0, sep);
    Classification c = ClassifyDocument(pages);
    EXPECT_EQ(c.type, expected) << name;
    tally.Add(expected, c.type);
  }
  tally.Print("OCR fixtures");
  EXPECT_GT(tally.total, 0);
}

}  // namespace
}  // namespace notaria::analyze
