#include "ingest/text_layer_trust.h"

#include <gtest/gtest.h>

#include <string>

namespace notaria::ingest {
namespace {

constexpr std::string_view kGood =
    "ACTE DE VENTE\n"
    "L'an deux mille vingt-quatre, le treize décembre, Maître Erwan CARON, notaire à Mulhouse,\n"
    "a reçu le présent acte authentique de vente entre les personnes ci-après désignées.\n"
    "Le vendeur déclare que le bien est libre de toute occupation et qu'il n'existe aucune\n"
    "servitude. Le prix est fixé à la somme de deux cent quarante mille euros (240 000 EUR),\n"
    "payé comptant ce jour par la comptabilité de l'office notarial.";

std::string Reason(std::string_view text) { return JudgeTextLayer(text).reason; }

TEST(JudgeTextLayer, TrustsOrdinaryFrenchText) {
  auto v = JudgeTextLayer(kGood);
  EXPECT_TRUE(v.trusted) << v.reason;
  EXPECT_TRUE(v.reason.empty());
}

TEST(JudgeTextLayer, TrustsTablesAndBracketedPlurals) {
  std::string s(kGood);
  s += "\nLe(s) vendeur(s) et l'(les) acquéreur(s) déclarent ce qui suit.\n"
       "IBAN FR76 3000 6000 0112 3456 7890 189   BIC AGRIFRPP882\n"
       "IDFRADUPONT<<<<<<<<<<<<<<<<<<<<<<<<<<<<751012\n";
  auto v = JudgeTextLayer(s);
  EXPECT_TRUE(v.trusted) << v.reason;
}

TEST(JudgeTextLayer, RejectsEmptyAndTinyText) {
  EXPECT_EQ(Reason(""), "no_text");
  EXPECT_EQ(Reason("  \n\f \n"), "no_text");
  EXPECT_EQ(Reason("Page 2/5"), "too_few_characters");
}

TEST(JudgeTextLayer, RejectsReplacementPrivateUseAndBoxes) {
  std::string fffd(kGood);
  for (int i = 0; i < 10; ++i) fffd += "\xEF\xBF\xBD";  // U+FFFD
  EXPECT_EQ(Reason(fffd), "replacement_characters");
  std::string pua(kGood);
  for (int i = 0; i < 10; ++i) pua += "\xEE\x80\x81";  // U+E001
  EXPECT_EQ(Reason(pua), "private_use_characters");
  std::string boxes;
  for (int i = 0; i < 60; ++i) boxes += "\xE2\x96\xA1\xE2\x96\xA1\xE2\x96\xA1 ";  // □□□
  EXPECT_EQ(Reason(boxes), "box_characters");
}

TEST(JudgeTextLayer, RejectsGarbledGlyphs) {
  // A font without ToUnicode, each letter shifted by three code points.
  std::string shifted;
  for (char c : kGood) {
    shifted.push_back(c >= 'a' && c <= 'w' ? static_cast<char>(c + 3) : c);
  }
  EXPECT_FALSE(JudgeTextLayer(shifted).trusted);
  EXPECT_EQ(Reason("3$#1 7%!& 4@@ 9)*( 22 11 00 &^% $#@ !!! 99 88 77 66 55 ;; :: ++ --"),
            "low_letter_ratio");
  EXPECT_EQ(Reason("xkcd qwrt zzpl brrm kvlt ghjk pwnd trst mnbv cxzl ssdf ghtk lkjh pqrs "
                   "bcdf ghjk lmnp qrst vwxz"),
            "implausible_words");
}

TEST(JudgeTextLayer, RejectsSpacedLetters) {
  EXPECT_EQ(Reason("L e   v e n d e u r   d é c l a r e   q u e   l e   b i e n   e s t   "
                   "l i b r e   d e   t o u t e   o c c u p a t i o n"),
            "spaced_letters");
}

TEST(JudgeTextLayer, RejectsDecomposedAccents) {
  EXPECT_EQ(Reason("Le montant calcule\xC2\xB4 par le notaire a e\xCC\x81te\xC2\xB4 "
                   "verse\xC2\xB4 au cre\xC2\xB4"
                   "ancier de\xC2\xB4signe\xC2\xB4 dans "
                   "l'acte pre\xC2\xB4"
                   "ce\xC2\xB4"
                   "dent."),
            "decomposed_accents");
  // A combining mark left alone after a space.
  EXPECT_EQ(Reason("Le montant calcule \xCC\x81 par le notaire a ete \xCC\x81 verse \xCC\x81 "
                   "au creancier \xCC\x81 designe dans l'acte."),
            "decomposed_accents");
}

TEST(JudgeTextLayer, RejectsWrongLigatureMappings) {
  EXPECT_EQ(Reason("La no(fica(on de l'informa(on au bénéficiaire et la réalisa(on de "
                   "l'opéra(on sont faites par le notaire dans le cadre de sa mission."),
            "bad_ligatures");
}

TEST(JudgeTextLayer, TrustsTablesOfFigures) {
  std::string table = "Lot   Bâtiment   Escalier   Étage     Nature             Tantièmes\n";
  for (int i = 0; i < 25; ++i) {
    table += std::to_string(554 + i) + "   D          2          5         local commercial   " +
             std::to_string(71 + i) + "/100000\n";
  }
  auto v = JudgeTextLayer(table);
  EXPECT_TRUE(v.trusted) << v.reason;
}

TEST(JudgeTextLayer, RejectsLettersWithoutVowelsOrCommonWords) {
  // Glyph codes mapped to random consonant-heavy letters, as from a subset font.
  EXPECT_FALSE(JudgeTextLayer("Wkh gudiw vxuyhbv pxvw eh vljqhg eb wkh ohvvru dqg wkh ohvvhh "
                              "ehiruh wkh nhbv duh kdqghg ryhu dqg wkh ghsrvlw lv sdlg lq "
                              "ixoo eb wkh whqdqw wr wkh djhqw ri wkh ohvvru dw wkh gdwh")
                   .trusted);
}

}  // namespace
}  // namespace notaria::ingest
