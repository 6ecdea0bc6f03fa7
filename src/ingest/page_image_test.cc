#include "ingest/page_image.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace notaria::ingest {
namespace {

const std::string kDocs = std::string(NOTARIA_SHARED_DIR) + "/corpus/docs/";

// Width and height from the PNG's IHDR chunk.
std::pair<uint32_t, uint32_t> PngSize(const std::string& png) {
  auto be32 = [&](size_t at) {
    return uint32_t(uint8_t(png[at])) << 24 | uint32_t(uint8_t(png[at + 1])) << 16 |
           uint32_t(uint8_t(png[at + 2])) << 8 | uint32_t(uint8_t(png[at + 3]));
  };
  return {be32(16), be32(20)};
}

TEST(RenderPage, PdfPageAsAPngNoWiderThanAsked) {
  std::string png;
  auto error = RenderPageInProcess(kDocs + "doc_0020.pdf", {2, 600, 0}, {}, &png);
  ASSERT_FALSE(error) << error->message;
  ASSERT_GT(png.size(), 24u);
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  auto [w, h] = PngSize(png);
  EXPECT_LE(w, 600u);
  EXPECT_GT(w, 500u);
  EXPECT_GT(h, w);  // A4 portrait
  // Turned a quarter, the page is landscape.
  ASSERT_FALSE(RenderPageInProcess(kDocs + "doc_0020.pdf", {2, 600, 90}, {}, &png));
  auto [tw, th] = PngSize(png);
  EXPECT_GT(tw, th);
}

// A page past the end is its own error (404 for the API), whatever the document's state.
TEST(RenderPage, APagePastTheEndIsPageNotFound) {
  std::string png;
  auto error = RenderPageInProcess(kDocs + "doc_0020.pdf", {99999, 600, 0}, {}, &png);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code, ErrorCode::kPageNotFound);
  EXPECT_EQ(ErrorCodeName(error->code), "PAGE_NOT_FOUND");
  EXPECT_NE(error->message.find("99999"), std::string::npos) << error->message;
  error = RenderPageInProcess(kDocs + "IMG_20250630_169661.jpg", {2, 600, 0}, {}, &png);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code, ErrorCode::kPageNotFound);
}

}  // namespace
}  // namespace notaria::ingest
