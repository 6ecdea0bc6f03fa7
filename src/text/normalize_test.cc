#include "text/normalize.h"

#include <gtest/gtest.h>

namespace notaria::text {

TEST(Nfc, ComposesDecomposedAccents) {
  EXPECT_EQ(Nfc("calcule\xCC\x81"), "calcul\xC3\xA9");  // "calculé" with U+0301
  EXPECT_EQ(Nfc("d\xC3\xA9j\xC3\xA0"), "d\xC3\xA9j\xC3\xA0");
}

TEST(Nfc, RepairsInvalidUtf8) {
  EXPECT_EQ(Nfc("a\xFF"
                "b"),
            "a\xEF\xBF\xBD"
            "b");
}

TEST(FoldForMatch, IgnoresCaseAccentsAndLigatures) {
  EXPECT_EQ(FoldForMatch("Cr\xC3\xA9teil"), "creteil");
  EXPECT_EQ(FoldForMatch("CR\xC3\x89TEIL"), "creteil");
  EXPECT_EQ(FoldForMatch("\xC5\x92uvray-M\xC3\xBCller"), "oeuvray-muller");
  EXPECT_EQ(FoldForMatch("40\xC2\xA0"
                         "000\xE2\x80\xAF\xE2\x82\xAC"),
            "40 000 \xE2\x82\xAC");
}

TEST(Upper, KeepsAccentsAsFrenchCapitals) {
  EXPECT_EQ(Upper("Aur\xC3\xA9lie"), "AUR\xC3\x89LIE");              // Aurélie -> AURÉLIE
  EXPECT_EQ(Upper("\xC3\xA9lo\xC3\xAFse"), "\xC3\x89LO\xC3\x8FSE");  // éloïse -> ÉLOÏSE
  EXPECT_EQ(Upper("MARTIN"), "MARTIN");
}

TEST(IsValidUtf8, AcceptsTextAndRefusesMalformedSequences) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("Cr\xC3\xA9teil \xE2\x82\xAC \xF0\x9F\x98\x80"));
  EXPECT_TRUE(IsValidUtf8(std::string("a\0b", 3)));  // NUL is valid UTF-8; callers refuse it
  EXPECT_FALSE(IsValidUtf8("\xFF\xFE"));
  EXPECT_FALSE(IsValidUtf8("vente\xC3"));     // cut short
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));      // overlong "/"
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));  // a surrogate
  EXPECT_FALSE(IsValidUtf8("\x80"));          // a lone continuation byte
}

TEST(CodePointCount, CountsCodePointsNotBytes) {
  EXPECT_EQ(CodePointCount("\xC3\xA9t\xC3\xA9"), 3u);
}

TEST(TrimBlanks, EveryKindOfBlankAroundButNotInside) {
  EXPECT_EQ(TrimBlanks("  Vente Martin\u00a0"), "Vente Martin");
  EXPECT_EQ(TrimBlanks("\u200b\ufeff\u2003Vente\u00a0Martin\u202f"), "Vente\u00a0Martin");
  EXPECT_EQ(TrimBlanks("\u00a0\u00a0"), "");
  EXPECT_EQ(TrimBlanks("\u200b\u200b"), "");
  EXPECT_EQ(TrimBlanks("Hélène"), "Hélène");
  EXPECT_EQ(TrimBlanks(""), "");
}

TEST(HasLayoutControls, SeparatorsOverridesAndControls) {
  EXPECT_TRUE(HasLayoutControls("\u2028x"));
  EXPECT_TRUE(
      HasLayoutControls("\xE2\x80\xAE"
                        "etneV"));  // U+202E, written as bytes
  EXPECT_TRUE(
      HasLayoutControls("a\xE2\x81\xA7"
                        "b"));  // U+2067
  EXPECT_TRUE(HasLayoutControls(std::string("a\0b", 3)));
  EXPECT_TRUE(HasLayoutControls("a\nb"));
  EXPECT_TRUE(HasLayoutControls("a\u0085b"));
  EXPECT_FALSE(HasLayoutControls("Vente Ødegård-Lefèvre / SCI Azur \U0001F44D"));
  EXPECT_FALSE(HasLayoutControls("\u0628\u064A\u0639"));  // right-to-left text itself is fine
}

}  // namespace notaria::text
