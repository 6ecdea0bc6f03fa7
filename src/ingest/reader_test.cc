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

// The box of the first placed word whose text is `word`, or nullopt.
std::optional<WordBox> BoxOf(const Page& page, std::string_view word) {
  for (const WordBox& w : page.words) {
    if (std::string_view(page.text).substr(w.start, w.end - w.start) == word) return w;
  }
  return std::nullopt;
}

// OCR word boxes are on the upright page: the same words sit at the same places whichever way
// the scan was turned, so a highlight lands on the page image the viewer shows.
TEST(ReadSandboxed, OcrWordBoxesAreOnTheUprightPage) {
  Outcome upright = Read(kImages + "tesseract_phototest.tif");
  ASSERT_FALSE(upright.error) << upright.error->message;
  ASSERT_EQ(upright.pages.size(), 1u);
  auto first = BoxOf(upright.pages[0], "This");
  auto format = BoxOf(upright.pages[0], "format.");
  ASSERT_TRUE(first && format);
  const WordBox last = upright.pages[0].words.back();  // "fox." ending the page
  EXPECT_LT(first->x0, 0.3);
  EXPECT_LT(first->y0, 0.3);
  EXPECT_GT(format->y0, first->y1);
  EXPECT_GT(last.y0, 0.6);
  auto near = [](const WordBox& a, const WordBox& b) {
    return std::abs(a.x0 - b.x0) < 0.03 && std::abs(a.y0 - b.y0) < 0.03 &&
           std::abs(a.x1 - b.x1) < 0.03 && std::abs(a.y1 - b.y1) < 0.03;
  };
  for (const char* name :
       {"tesseract_phototest-rotated-180.png", "tesseract_phototest-rotated-L.png",
        "tesseract_phototest-rotated-R.png"}) {
    Outcome o = Read(kImages + name);
    ASSERT_FALSE(o.error) << name << ": " << o.error->message;
    const Page& page = o.pages.at(0);
    EXPECT_GT(page.words.size(), 50u) << name;
    auto f = BoxOf(page, "This");
    auto m = BoxOf(page, "format.");
    ASSERT_TRUE(f && m) << name;
    EXPECT_TRUE(near(*f, *first)) << name << " This at " << f->x0 << "," << f->y0;
    EXPECT_TRUE(near(*m, *format)) << name << " format. at " << m->x0 << "," << m->y0;
    EXPECT_TRUE(near(page.words.back(), last)) << name;
    for (const WordBox& w : page.words) {
      ASSERT_TRUE(0 <= w.x0 && w.x0 < w.x1 && w.x1 <= 1 && 0 <= w.y0 && w.y0 < w.y1 && w.y1 <= 1)
          << name << " " << page.text.substr(w.start, w.end - w.start);
    }
  }
}

// Text-layer word boxes: nearly every word of the page is placed, in reading order from the
// top of the page, each box inside it. (Checked by eye against `pdftotext -bbox` and the page
// image when written: the same crop box, top-left origin.)
TEST(ReadInProcess, TextLayerWordBoxesCoverThePage) {
  const std::string path = kDocs + "doc_0020.pdf";
  std::vector<Page> pages;
  ReadCallbacks cb;
  cb.on_page = [&](const Page& p) { pages.push_back(p); };
  ASSERT_FALSE(ReadDocumentInProcess(path, {}, cb));
  ASSERT_FALSE(pages.empty());
  const Page& page = pages[0];
  size_t tokens = 0;
  for (size_t i = 0; i < page.text.size();) {
    size_t b = page.text.find_first_not_of(" \n\t", i);
    if (b == std::string::npos) break;
    size_t e = page.text.find_first_of(" \n\t", b);
    ++tokens;
    i = e == std::string::npos ? page.text.size() : e;
  }
  EXPECT_GE(page.words.size() * 10, tokens * 9) << page.words.size() << " of " << tokens;
  ASSERT_FALSE(page.words.empty());
  EXPECT_LT(page.words.front().y0, 0.25);
  EXPECT_GT(page.words.back().y0, page.words.front().y0);
  size_t previous_end = 0;
  for (const WordBox& w : page.words) {
    EXPECT_GE(w.start, previous_end);
    previous_end = w.end;
    ASSERT_TRUE(0 <= w.x0 && w.x0 < w.x1 && w.x1 <= 1 && 0 <= w.y0 && w.y0 < w.y1 && w.y1 <= 1);
  }
}

}  // namespace
}  // namespace notaria::ingest
