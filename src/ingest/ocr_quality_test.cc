// OCR quality on reference scans: character error rate (Levenshtein distance over the
// reference length, on code points, after collapsing whitespace) against reference texts.
//
// Bounds were set a little above what this build measured (Tesseract 5.3.0, fra, Debian 12),
// so that a regression of the image pipeline fails while engine noise does not.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "ingest/reader.h"

namespace notaria::ingest {
namespace {

// Measured on this build: francais 0.0031, eurotext 0.0146, phototest 0.0000.
constexpr double kBoundFrancais = 0.01;
constexpr double kBoundEurotext = 0.03;
constexpr double kBoundPhototest = 0.01;

const std::string kReal = std::string(NOTARIA_SHARED_DIR) + "/realdata/documents/";

std::u32string CollapsedCodePoints(const std::string& utf8) {
  std::u32string out;
  bool space = false;
  for (size_t i = 0; i < utf8.size();) {
    auto c = static_cast<unsigned char>(utf8[i]);
    int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t cp = len == 1 ? c : c & (0x3F >> (len - 1));
    for (int k = 1; k < len && i + k < utf8.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    }
    i += len;
    if (cp == ' ' || cp == '\n' || cp == '\t' || cp == '\r' || cp == '\f' || cp == 0xA0) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(U' ');
    space = false;
    out.push_back(cp);
  }
  return out;
}

size_t Levenshtein(const std::u32string& a, const std::u32string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

double CharacterErrorRate(const std::string& reference, const std::string& hypothesis) {
  const std::u32string ref = CollapsedCodePoints(reference);
  const std::u32string hyp = CollapsedCodePoints(hypothesis);
  return ref.empty() ? 1.0 : double(Levenshtein(ref, hyp)) / double(ref.size());
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

double MeasureCer(const std::string& document, const std::string& reference) {
  std::string text;
  ReadCallbacks cb;
  cb.on_page = [&](const Page& p) { text += p.text + "\n"; };
  auto err = ReadDocumentInProcess(document, {}, cb);
  EXPECT_FALSE(err) << document << ": " << (err ? err->message : "");
  const double cer = CharacterErrorRate(Slurp(reference), text);
  std::printf("CER %-40s %.4f\n", document.substr(document.rfind('/') + 1).c_str(), cer);
  return cer;
}

TEST(CharacterErrorRate, Definition) {
  EXPECT_DOUBLE_EQ(CharacterErrorRate("abc  def\n", " abc def"), 0.0);
  EXPECT_DOUBLE_EQ(CharacterErrorRate("café", "cafe"), 0.25);
  EXPECT_DOUBLE_EQ(CharacterErrorRate("abcd", ""), 1.0);
}

TEST(OcrQuality, FrenchScannedPdf) {
  EXPECT_LT(
      MeasureCer(kReal + "pdf/ocrmypdf_francais.pdf", kReal + "pdf/ocrmypdf_francais.expected.txt"),
      kBoundFrancais);
}

TEST(OcrQuality, EurotextTiff) {
  EXPECT_LT(MeasureCer(kReal + "ocr_images/tesseract_eurotext.tif",
                       kReal + "ocr_images/tesseract_eurotext.txt"),
            kBoundEurotext);
}

TEST(OcrQuality, PhototestTiff) {
  EXPECT_LT(MeasureCer(kReal + "ocr_images/tesseract_phototest.tif",
                       kReal + "ocr_images/tesseract_phototest.txt"),
            kBoundPhototest);
}

}  // namespace
}  // namespace notaria::ingest
