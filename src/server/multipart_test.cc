#include "server/multipart.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace notaria::server {
namespace {

class MultipartTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        std::filesystem::temp_directory_path() / ("multipart_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string WriteBody(const std::string& body) {
    std::string path = (dir_ / "body").string();
    std::ofstream(path, std::ios::binary) << body;
    return path;
  }

  std::filesystem::path dir_;
};

TEST_F(MultipartTest, ExtractsFileAndFields) {
  // The boundary string inside the content is not a delimiter unless it follows CRLF.
  std::string content("%PDF-1.7 --XYZ inline\0binary\r\n", 31);
  std::string body =
      "--XYZ\r\nContent-Disposition: form-data; name=\"dossier_id\"\r\n\r\nDOS-1\r\n"
      "--XYZ\r\nContent-Disposition: form-data; name=\"file\"; "
      "filename=\"acte \\\"final\\\".pdf\"\r\nContent-Type: application/pdf\r\n\r\n" +
      content + "\r\n--XYZ--\r\n";
  std::vector<MultipartPart> parts;
  std::string error;
  ASSERT_TRUE(ParseMultipartFile(WriteBody(body), "XYZ", dir_.string(), &parts, &error)) << error;
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].name, "dossier_id");
  EXPECT_EQ(parts[0].value, "DOS-1");
  EXPECT_EQ(parts[1].filename, "acte \"final\".pdf");
  EXPECT_EQ(parts[1].content_type, "application/pdf");
  std::ifstream in(parts[1].file_path, std::ios::binary);
  std::stringstream got;
  got << in.rdbuf();
  EXPECT_EQ(got.str(), content);
}

TEST_F(MultipartTest, UnterminatedPartIsAnError) {
  std::vector<MultipartPart> parts;
  std::string error;
  std::string body = "--XYZ\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nabc";
  EXPECT_FALSE(ParseMultipartFile(WriteBody(body), "XYZ", dir_.string(), &parts, &error));
  EXPECT_FALSE(error.empty());
}

TEST(MultipartBoundary, FromContentType) {
  EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary=abc"), "abc");
  EXPECT_EQ(MultipartBoundary("Multipart/Form-Data; boundary=\"a b\""), "a b");
  EXPECT_EQ(MultipartBoundary("application/json"), std::nullopt);
  EXPECT_EQ(MultipartBoundary("multipart/form-data"), std::nullopt);
}

}  // namespace
}  // namespace notaria::server
