#include "server/gzip.h"

#include <gtest/gtest.h>

namespace notaria::server {
namespace {

TEST(Gzip, RoundTrips) {
  std::string data(5000, 'a');
  std::string z = GzipCompress(data);
  EXPECT_LT(z.size(), data.size());
  EXPECT_EQ(static_cast<unsigned char>(z[0]), 0x1f);  // gzip magic
  EXPECT_EQ(static_cast<unsigned char>(z[1]), 0x8b);
  EXPECT_EQ(GzipDecompress(z), data);
}

TEST(Gzip, RejectsGarbage) { EXPECT_THROW(GzipDecompress("not gzip"), std::runtime_error); }

TEST(ShouldGzip, ThresholdTypeAndAcceptEncoding) {
  EXPECT_TRUE(ShouldGzip("gzip, deflate", "application/json", 1000));
  EXPECT_FALSE(ShouldGzip("gzip", "application/json", 999));
  EXPECT_FALSE(ShouldGzip("", "application/json", 5000));
  EXPECT_FALSE(ShouldGzip("deflate, br", "application/json", 5000));
  EXPECT_FALSE(ShouldGzip("gzip;q=0", "application/json", 5000));
  EXPECT_TRUE(ShouldGzip("br, gzip;q=0.5", "text/plain; version=0.0.4", 5000));
  EXPECT_FALSE(ShouldGzip("gzip", "application/pdf", 5000));
}

}  // namespace
}  // namespace notaria::server
