#include "server/filename.h"

#include <gtest/gtest.h>

#include "text/normalize.h"

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
  // The extension survives the cut.
  std::string pdf = SanitizeFilename(name + ".pdf");
  EXPECT_LE(pdf.size(), 255u);
  EXPECT_EQ(pdf.substr(pdf.size() - 4), ".pdf");
  EXPECT_EQ(pdf.substr(0, 4), "\xC3\xA9\xC3\xA9");
  EXPECT_TRUE(text::IsValidUtf8(pdf));
}

}  // namespace
}  // namespace notaria::server
