// Image variants written at test time from a reference scan, then read back and OCR'd:
// WEBP, JPEG-in-TIFF, TIFF with an alpha channel, a multi-page TIFF, PNG without DPI, a
// small low-resolution image, and images whose declared size is refused before decoding.
#include "ingest/image_reader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "ingest/pix.h"
#include "ingest/reader.h"
#include "text/normalize.h"

namespace notaria::ingest {
namespace {

const std::string kPhototest =
    std::string(NOTARIA_SHARED_DIR) + "/realdata/documents/ocr_images/tesseract_phototest.tif";

class ImageVariants : public ::testing::Test {
 protected:
  void SetUp() override {
    QuietLeptonica();
    dir_ = std::filesystem::temp_directory_path() /
           ("notaria_ingest_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    source_.reset(pixRead(kPhototest.c_str()));
    ASSERT_TRUE(source_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

  static std::vector<Page> ReadAll(const std::string& path, std::optional<DocumentError>* err) {
    std::vector<Page> pages;
    ReadCallbacks cb;
    cb.on_page = [&](const Page& p) { pages.push_back(p); };
    *err = ReadDocumentInProcess(path, {}, cb);
    return pages;
  }

  static void ExpectReadable(const std::string& path, size_t page_count = 1) {
    std::optional<DocumentError> err;
    std::vector<Page> pages = ReadAll(path, &err);
    ASSERT_FALSE(err) << path << ": " << err->message;
    ASSERT_EQ(pages.size(), page_count) << path;
    for (const auto& p : pages) {
      EXPECT_NE(text::FoldForMatch(p.text).find("quick brown dog"), std::string::npos)
          << path << " page " << p.number << ":\n"
          << p.text;
    }
  }

  std::filesystem::path dir_;
  PixPtr source_;
};

TEST_F(ImageVariants, Webp) {
  PixPtr rgb(pixConvertTo32(source_.get()));
  ASSERT_EQ(pixWriteWebP(Path("page.webp").c_str(), rgb.get(), 90, 0), 0);
  ExpectReadable(Path("page.webp"));
}

TEST_F(ImageVariants, JpegInTiffAndAlphaTiffAndTwoPages) {
  PixPtr grey(pixConvertTo8(source_.get(), 0));
  ASSERT_EQ(pixWriteTiff(Path("jpeg.tif").c_str(), grey.get(), IFF_TIFF_JPEG, "w"), 0);
  ExpectReadable(Path("jpeg.tif"));

  // Black ink whose shape is only in the alpha channel, over transparent black: read
  // naively (alpha dropped) the page is all black.
  PixPtr ink(pixInvert(nullptr, grey.get()));
  PixPtr rgba(pixCreate(pixGetWidth(grey.get()), pixGetHeight(grey.get()), 32));
  pixSetSpp(rgba.get(), 4);
  ASSERT_EQ(pixSetRGBComponent(rgba.get(), ink.get(), L_ALPHA_CHANNEL), 0);
  ASSERT_EQ(pixWriteTiff(Path("alpha.tif").c_str(), rgba.get(), IFF_TIFF_ZIP, "w"), 0);
  ExpectReadable(Path("alpha.tif"));

  ASSERT_EQ(pixWriteTiff(Path("two.tif").c_str(), grey.get(), IFF_TIFF_ZIP, "w"), 0);
  PixPtr turned(pixRotateOrth(grey.get(), 2));
  ASSERT_EQ(pixWriteTiff(Path("two.tif").c_str(), turned.get(), IFF_TIFF_ZIP, "a"), 0);
  ExpectReadable(Path("two.tif"), 2);
}

TEST_F(ImageVariants, PngWithoutOrAbsurdDpiAndSmallImage) {
  PixPtr copy(pixCopy(nullptr, source_.get()));
  pixSetResolution(copy.get(), 0, 0);
  ASSERT_EQ(pixWrite(Path("nodpi.png").c_str(), copy.get(), IFF_PNG), 0);
  ExpectReadable(Path("nodpi.png"));
  pixSetResolution(copy.get(), 1, 1);
  ASSERT_EQ(pixWrite(Path("onedpi.png").c_str(), copy.get(), IFF_PNG), 0);
  ExpectReadable(Path("onedpi.png"));
  // Half size at "150 dpi": enlarged back to 300 dpi before recognition.
  PixPtr grey(pixConvertTo8(source_.get(), 0));
  PixPtr small(pixScaleAreaMap2(grey.get()));
  pixSetResolution(small.get(), 150, 150);
  ASSERT_EQ(pixWrite(Path("small.png").c_str(), small.get(), IFF_PNG), 0);
  ExpectReadable(Path("small.png"));
}

TEST(CheckDeclaredSize, RefusesBeforeDecoding) {
  EXPECT_FALSE(CheckDeclaredSize(2480, 3508, 150'000'000));
  auto big = CheckDeclaredSize(100'000, 100'000, 150'000'000);
  ASSERT_TRUE(big);
  EXPECT_EQ(big->code, ErrorCode::kImageTooLarge);
  EXPECT_NE(big->message.find("100000"), std::string::npos);
  auto zero = CheckDeclaredSize(0, 10, 150'000'000);
  ASSERT_TRUE(zero);
  EXPECT_EQ(zero->code, ErrorCode::kCorruptFile);
}

TEST(ReadImagePages, PixelLimitAppliesToEveryFormat) {
  ReadLimits limits;
  limits.max_image_pixels = 1000;  // smaller than any test image
  const std::string heic = std::string(NOTARIA_SHARED_DIR) + "/corpus/docs/IMG_4075.HEIC";
  const std::string tiff = std::string(NOTARIA_SHARED_DIR) + "/corpus/docs/numerisation_0021.tif";
  const std::string jpeg = std::string(NOTARIA_SHARED_DIR) + "/corpus/docs/IMG_20250630_169661.jpg";
  for (const auto& [path, format] :
       {std::pair{heic, FileFormat::kHeic}, std::pair{tiff, FileFormat::kTiff},
        std::pair{jpeg, FileFormat::kJpeg}}) {
    bool decoded = false;
    auto err = ReadImagePages(
        path, format, limits, [](int) {},
        [&](int, DecodedImage) -> std::optional<DocumentError> {
          decoded = true;
          return std::nullopt;
        });
    ASSERT_TRUE(err) << path;
    EXPECT_EQ(err->code, ErrorCode::kImageTooLarge) << path << ": " << err->message;
    EXPECT_FALSE(decoded) << path;
  }
}

}  // namespace
}  // namespace notaria::ingest
