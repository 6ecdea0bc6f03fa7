#include "text/french_tokens.h"

#include <gtest/gtest.h>

namespace notaria::text {
namespace {

TEST(TokenizeFrench, FoldsWordsAndKeepsOriginalOffsets) {
  const std::string text = "Été\xC2\xA0quatre-\nvingt 12/03 l’an";
  const auto t = TokenizeFrench(text);
  ASSERT_EQ(t.size(), 9u);
  EXPECT_EQ(t[0].folded, "ete");
  EXPECT_EQ(text.substr(t[0].start, t[0].end - t[0].start), "Été");
  EXPECT_EQ(t[2].folded, "vingt");
  EXPECT_TRUE(t[2].hyphen_before);  // hyphen at a line break joins the words
  EXPECT_EQ(t[3].kind, TokenKind::kDigits);
  EXPECT_EQ(t[4].folded, "/");
  EXPECT_TRUE(IsSymbol(t, 7, "'"));
  EXPECT_TRUE(IsWord(t, 8, "an"));
  EXPECT_TRUE(Adjacent(t, 4));
}

}  // namespace
}  // namespace notaria::text
