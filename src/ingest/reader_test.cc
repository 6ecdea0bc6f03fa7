// End-to-end reading through the sandbox child, on the shared corpus.
#include "ingest/reader.h"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "ingest/text_layer_trust.h"
#include "text/normalize.h"

namespace notaria::ingest {
namespace {

const std::string kShared = NOTARIA_SHARED_DIR;
const std::string kBad = kShared + "/corpus/bad/";
const std::string kDocs = kShared + "/corpus/docs/";
const std::string kImages = kShared + "/realdata/documents/ocr_images/";

struct Outcome {
  int page_count = -1;
  std::vector<Page> pages;
  std::optional<DocumentError> error;
};

Outcome Read(const std::string& path, ReadLimits limits = {},
             std::vector<std::string> child = {NOTARIA_INGEST_READER_CHILD}) {
  Outcome out;
  ReadCallbacks cb;
  cb.on_page_count = [&](int n) { out.page_count = n; };
  cb.on_page = [&](const Page& p) { out.pages.push_back(p); };
  out.error = ReadDocumentSandboxed(child, path, limits, cb);
  return out;
}

std::string Folded(const Outcome& o) {
  std::string all;
  for (const auto& p : o.pages) all += p.text + "\n";
  return text::FoldForMatch(all);
}

void ExpectError(const std::string& path, ErrorCode code) {
  Outcome o = Read(path);
  ASSERT_TRUE(o.error.has_value()) << path;
  EXPECT_EQ(ErrorCodeName(o.error->code), ErrorCodeName(code)) << path << ": " << o.error->message;
  EXPECT_FALSE(o.error->message.empty());
  EXPECT_TRUE(o.pages.empty()) << path;
}

TEST(ReadSandboxed, BadFilesGiveTypedErrors) {
  ExpectError(kBad + "vide.pdf", ErrorCode::kEmptyFile);
  ExpectError(kBad + "releve_tronque.pdf", ErrorCode::kCorruptFile);
  ExpectError(kBad + "procuration_protegee.pdf", ErrorCode::kPasswordRequired);
  ExpectError(kBad + "photo_corrompue.jpg", ErrorCode::kCorruptFile);
  ExpectError(kBad + "scan_geant.png", ErrorCode::kImageTooLarge);
  ExpectError(kBad + "acte_scanne.pdf", ErrorCode::kUnsupportedFormat);
}

TEST(ReadSandboxed, PdfWithJavaScriptReadsFromItsTextLayer) {
  Outcome o = Read(kBad + "rib_avec_javascript.pdf");
  ASSERT_FALSE(o.error) << o.error->message;
  ASSERT_EQ(o.page_count, 1);
  ASSERT_EQ(o.pages.size(), 1u);
  EXPECT_EQ(o.pages[0].source, PageSource::kTextLayer);
  EXPECT_NE(Folded(o).find("releve d'identite bancaire"), std::string::npos);
}

TEST(ReadSandboxed, PdfNamedJpgAndLongUnicodeName) {
  Outcome kbis = Read(kBad + "extrait_kbis_photo.jpg");
  ASSERT_FALSE(kbis.error) << kbis.error->message;
  ASSERT_FALSE(kbis.pages.empty());
  EXPECT_EQ(kbis.pages[0].source, PageSource::kTextLayer);
  for (const auto& e : std::filesystem::directory_iterator(kBad)) {
    std::string name = e.path().filename().string();
    if (name.starts_with("Acte_authentique") && name.ends_with(".pdf")) {
      Outcome o = Read(e.path().string());
      ASSERT_FALSE(o.error) << o.error->message;
      EXPECT_GT(o.pages.size(), 0u);
      EXPECT_EQ(o.pages.size(), static_cast<size_t>(o.page_count));
    }
  }
}

TEST(ReadSandboxed, TooManyPages) {
  ReadLimits limits;
  limits.max_pages = 10;
  Outcome o = Read(kBad + "acte_vente_avec_annexes_60p.pdf", limits);
  ASSERT_TRUE(o.error);
  EXPECT_EQ(o.error->code, ErrorCode::kTooManyPages);
}

// Pages stream to the callback as the child reads them, not at the end.
TEST(ReadSandboxed, SixtyPageTextPdfStreamsEveryPage) {
  Outcome o = Read(kBad + "acte_vente_avec_annexes_60p.pdf");
  ASSERT_FALSE(o.error) << o.error->message;
  ASSERT_EQ(o.page_count, 62);
  ASSERT_EQ(o.pages.size(), 62u);
  for (int i = 0; i < 62; ++i) EXPECT_EQ(o.pages[i].number, i + 1);
}

TEST(ReadSandboxed, MultiPageTiffYieldsAllPagesUpright) {
  Outcome o = Read(kDocs + "numerisation_0021.tif");
  ASSERT_FALSE(o.error) << o.error->message;
  ASSERT_EQ(o.page_count, 6);
  ASSERT_EQ(o.pages.size(), 6u);
  for (const auto& p : o.pages) {
    EXPECT_EQ(p.source, PageSource::kOcr);
    EXPECT_GT(p.ocr_confidence, 0.5) << p.number;
  }
  // The truth says page 4 is stored upside down.
  EXPECT_EQ(o.pages[3].rotation, 180);
  EXPECT_GT(o.pages[3].rotation_confidence, 0);
  EXPECT_EQ(o.pages[0].rotation, 0);
}

TEST(ReadSandboxed, HeicPhotoDecodes) {
  Outcome o = Read(kDocs + "IMG_4075.HEIC");
  ASSERT_FALSE(o.error) << o.error->message;
  ASSERT_EQ(o.pages.size(), 1u);
  const std::string t = Folded(o);
  EXPECT_NE(t.find("republique francaise"), std::string::npos) << t;
}

TEST(ReadSandboxed, PhoneIdPhotoGivesMrz) {
  Outcome o = Read(kDocs + "IMG_20250630_169661.jpg");
  ASSERT_FALSE(o.error) << o.error->message;
  ASSERT_EQ(o.pages.size(), 1u);
  EXPECT_NE(o.pages[0].text.find("<<<"), std::string::npos) << o.pages[0].text;
}

TEST(ReadSandboxed, RotatedPagesComeUpright) {
  const std::pair<const char*, int> cases[] = {
      {"tesseract_phototest-rotated-180.png", 180},
      {"tesseract_phototest-rotated-L.png", 90},
      {"tesseract_phototest-rotated-R.png", 270},
  };
  for (const auto& [name, rotation] : cases) {
    Outcome o = Read(kImages + name);
    ASSERT_FALSE(o.error) << name << ": " << o.error->message;
    ASSERT_EQ(o.pages.size(), 1u);
    EXPECT_EQ(o.pages[0].rotation, rotation) << name;
    EXPECT_GT(o.pages[0].rotation_confidence, 0.1) << name;
    EXPECT_NE(Folded(o).find("the quick brown dog jumped over the"), std::string::npos) << name;
  }
}

TEST(ReadSandboxed, SlowPageTimesOutNamingThePage) {
  ReadLimits limits;
  limits.page_timeout_seconds = 1;
  const auto start = std::chrono::steady_clock::now();
  Outcome o = Read(kDocs + "numerisation_0021.tif", limits);
  ASSERT_TRUE(o.error);
  EXPECT_EQ(o.error->code, ErrorCode::kPageTimeout);
  const std::string page = "page " + std::to_string(o.pages.size() + 1);
  EXPECT_NE(o.error->message.find(page), std::string::npos) << o.error->message;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

// Children that die, whatever the reason, become typed errors; no zombie is left behind.
TEST(ReadSandboxed, KilledChildGivesTypedError) {
  Outcome segv = Read(kBad + "rib_avec_javascript.pdf", {}, {"/bin/sh", "-c", "kill -SEGV $$"});
  ASSERT_TRUE(segv.error);
  EXPECT_EQ(segv.error->code, ErrorCode::kCorruptFile) << segv.error->message;
  Outcome killed = Read(kBad + "rib_avec_javascript.pdf", {}, {"/bin/sh", "-c", "kill -KILL $$"});
  ASSERT_TRUE(killed.error);
  EXPECT_EQ(killed.error->code, ErrorCode::kImageTooLarge) << killed.error->message;
  Outcome missing = Read(kBad + "rib_avec_javascript.pdf", {}, {"/nonexistent/reader"});
  ASSERT_TRUE(missing.error);
  EXPECT_EQ(missing.error->code, ErrorCode::kInternal);
  Outcome garbage = Read(kBad + "rib_avec_javascript.pdf", {}, {"/bin/echo", "not json"});
  ASSERT_TRUE(garbage.error);
  EXPECT_EQ(garbage.error->code, ErrorCode::kInternal);
  // waitpid(-1) finds no child: every reader was reaped.
  EXPECT_EQ(waitpid(-1, nullptr, WNOHANG), -1);
}

// A reader with too little memory to even load its engines dies on its memory limit and
// says so, instead of taking the server with it.
TEST(ReadSandboxed, MemoryLimitIsEnforced) {
  ReadLimits limits;
  limits.memory_limit_bytes = 64ull << 20;
  Outcome o = Read(kImages + "tesseract_phototest.tif", limits);
  ASSERT_TRUE(o.error);
  EXPECT_TRUE(o.error->code == ErrorCode::kImageTooLarge ||
              o.error->code == ErrorCode::kCorruptFile || o.error->code == ErrorCode::kInternal)
      << ErrorCodeName(o.error->code) << ": " << o.error->message;
}

// Every born-digital PDF of the corpus has a text layer the trust test keeps, so that no
// good text layer is thrown away for OCR.
TEST(ReadInProcess, BornDigitalCorpusTextLayersAreTrusted) {
  int pages = 0;
  for (const auto& e : std::filesystem::directory_iterator(kDocs)) {
    const std::string path = e.path().string();
    if (!path.ends_with(".pdf")) continue;
    nlohmann::json truth = nlohmann::json::parse(std::ifstream(path + ".truth.json"));
    if (truth.value("scanned", true)) continue;
    ReadCallbacks cb;
    cb.on_page = [&](const Page& p) {
      ++pages;
      EXPECT_EQ(p.source, PageSource::kTextLayer)
          << path << " p" << p.number << ": " << p.text_layer_rejected;
    };
    auto err = ReadDocumentInProcess(path, {}, cb);
    EXPECT_FALSE(err) << path << ": " << err->message;
  }
  EXPECT_GT(pages, 40);
}

}  // namespace
}  // namespace notaria::ingest
