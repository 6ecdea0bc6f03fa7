#include "text/folded_text.h"

#include <gtest/gtest.h>

#include "text/normalize.h"

namespace notaria::text {
namespace {

TEST(FoldedText, FoldsLikeFoldForMatch) {
  std::string s =
      "Maître Hélène ØDEGÅRD-LEFÈVRE, 40\xC2\xA0"
      "000\xE2\x80\xAF€, Œuvray";
  FoldedText f(s);
  EXPECT_EQ(f.folded(), FoldForMatch(s));
}

TEST(FoldedText, MapsFoldedRangesBackToOriginalBytes) {
  std::string s = "Née à CRÉTEIL (94)";
  FoldedText f(s);
  size_t at = f.folded().find("creteil");
  ASSERT_NE(at, std::string::npos);
  auto [start, end] = f.OriginalSpan(at, at + 7);
  EXPECT_EQ(s.substr(start, end - start), "CRÉTEIL");
}

TEST(FoldedText, LigatureExpansionMapsToTheWholeCharacter) {
  std::string s = "SŒUR";
  FoldedText f(s);
  EXPECT_EQ(f.folded(), "soeur");
  auto [start, end] = f.OriginalSpan(2, 3);  // the "e" of "oe"
  EXPECT_EQ(s.substr(start, end - start), "Œ");
}

TEST(FoldedText, KeepsLineBreaksAndNormalisesQuotesAndDashes) {
  FoldedText f(
      "l\xE2\x80\x99"
      "acte\nsuit \xE2\x80\x93 fin");
  EXPECT_EQ(f.folded(), "l'acte\nsuit - fin");
}

TEST(FoldedText, EmptyAndOutOfRange) {
  FoldedText f("abc");
  EXPECT_EQ(f.OriginalSpan(1, 1), (std::pair<size_t, size_t>{1, 1}));
  EXPECT_EQ(f.OriginalSpan(10, 12), (std::pair<size_t, size_t>{3, 3}));
}

}  // namespace
}  // namespace notaria::text
