#include "server/filename.h"

#include <gtest/gtest.h>

namespace notaria::server {
namespace {

TEST(SanitizeFilename, DropsDirectoryParts) {
  EXPECT_EQ(SanitizeFilename("../../../etc/cron.d/dpe.pdf"), "dpe.pdf");
  EXPECT_EQ(SanitizeFilename("C:\\Users\\x\\rib.pdf"), "rib.pdf");
  EXPECT_EQ(SanitizeFilename(".."), "document");
  EXPECT_EQ(SanitizeFilename(""), "document");
}

TEST(SanitizeFilename, NfcAndControlCharacters) {
  EXPECT_EQ(SanitizeFilename("acte\x01\n_vente\xCC\x81.pdf"), "acte_vent\xC3\xA9.pdf");
}

TEST(SanitizeFilename, LongNamesAreCutOnACharacterBoundary) {
  std::string name;
  for (int i = 0; i < 200; ++i) name += "\xC3\xA9";  // 400 bytes
  std::string out = SanitizeFilename(name);
  EXPECT_LE(out.size(), 255u);
  EXPECT_EQ(out.size() % 2, 0u);
}

}  // namespace
}  // namespace notaria::server
