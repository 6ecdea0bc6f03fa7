#include "ingest/word_boxes.h"

#include <gtest/gtest.h>

#include <string>

namespace notaria::ingest {
namespace {

PlacedWord At(std::string text, float x0 = 0.1f, float y0 = 0.2f) {
  return {std::move(text), x0, y0, x0 + 0.1f, y0 + 0.02f};
}

std::string Span(std::string_view text, const WordBox& w) {
  return std::string(text.substr(w.start, w.end - w.start));
}

TEST(AlignWords, PlacesEachWordOnItsOwnOccurrenceInTextOrder) {
  const std::string text = "ACTE DE VENTE\n\nPrix :  250\u00a0000 euros, payé le 12 mars";
  auto boxes = AlignWords(text, {At("ACTE"), At("DE"), At("VENTE"), At("Prix"), At(":"), At("250"),
                                 At("000"), At("euros,"), At("payé", 0.5f, 0.6f)});
  ASSERT_EQ(boxes.size(), 9u);
  EXPECT_EQ(Span(text, boxes[1]), "DE");
  EXPECT_EQ(Span(text, boxes[5]), "250");
  EXPECT_EQ(Span(text, boxes[6]), "000");  // after a non-breaking space
  EXPECT_EQ(Span(text, boxes[8]), "payé");
  EXPECT_FLOAT_EQ(boxes[8].x0, 0.5f);
  EXPECT_FLOAT_EQ(boxes[8].y1, 0.62f);
}

TEST(AlignWords, NeverPlacesAWordInsideALongerOne) {
  const std::string text = "demande de prêt";
  auto boxes = AlignWords(text, {At("de")});
  ASSERT_EQ(boxes.size(), 1u);
  EXPECT_EQ(boxes[0].start, 8u);  // the word "de", not the start of "demande"
  // "Mme" is not placed inside "Mmes" nor "prê" inside "prêt".
  EXPECT_TRUE(AlignWords("Mmes DUPONT", {At("Mme")}).empty());
  EXPECT_TRUE(AlignWords(text, {At("prê")}).empty());
}

TEST(AlignWords, SkipsWordsNotInTheTextAndKeepsGoing) {
  // The MRZ re-read replaced the engine's reading of that line: its word has no place.
  const std::string text = "NOM: MARTIN\nIDFRAMARTIN<<<<<<<<<<<<<<<<<<<<<\n";
  auto boxes = AlignWords(text, {At("NOM:"), At("IDFRAMART1N<<<<"), At("MARTIN")});
  ASSERT_EQ(boxes.size(), 2u);
  EXPECT_EQ(Span(text, boxes[0]), "NOM:");
  EXPECT_EQ(Span(text, boxes[1]), "MARTIN");
  EXPECT_EQ(boxes[1].start, 5u);
}

TEST(AlignWords, AWordFarAheadIsAnotherOccurrenceNotThisOne) {
  const std::string text = "lot\n" + std::string(1000, ' ') + "lot";
  auto boxes = AlignWords(text, {At("lot"), At("absent"), At("lot")});
  ASSERT_EQ(boxes.size(), 1u);  // the second "lot" is 1000 bytes on: not placed
  EXPECT_EQ(boxes[0].start, 0u);
}

TEST(AlignWords, WordsAreComparedInNfc) {
  const std::string text = "Cr\u00e9teil";               // precomposed é
  auto boxes = AlignWords(text, {At("Cre\u0301teil")});  // e + combining acute
  ASSERT_EQ(boxes.size(), 1u);
  EXPECT_EQ(Span(text, boxes[0]), text);
}

TEST(UnturnBox, NoTurnKeepsTheBox) {
  PlacedWord w = At("x", 0.3f, 0.4f);
  PlacedWord u = UnturnBox(w, 0, 0.7);
  EXPECT_FLOAT_EQ(u.x0, w.x0);
  EXPECT_FLOAT_EQ(u.y1, w.y1);
}

TEST(UnturnBox, AQuarterTurnClockwiseIsUndone) {
  // Turned a quarter clockwise, the middle of the right edge came to the middle of the bottom
  // edge: a box seen there was at the right before the turn.
  PlacedWord seen{"x", 0.45f, 0.85f, 0.55f, 0.95f};
  PlacedWord before = UnturnBox(seen, 90, 1.0);
  EXPECT_NEAR(before.x0, 0.85, 1e-5);
  EXPECT_NEAR(before.x1, 0.95, 1e-5);
  EXPECT_NEAR(before.y0, 0.45, 1e-5);
  EXPECT_NEAR(before.y1, 0.55, 1e-5);
}

TEST(UnturnBox, ASmallDeskewMovesTheFarEndsOfALine) {
  // A4 portrait, turned 1 degree clockwise: a word at the right end of a line near the top
  // was higher up on the page before (a clockwise turn lowers the right side).
  const double aspect = 210.0 / 297.0;
  PlacedWord seen{"x", 0.80f, 0.100f, 0.90f, 0.110f};
  PlacedWord before = UnturnBox(seen, 1.0, aspect);
  EXPECT_LT(before.y0, seen.y0);
  EXPECT_GT(before.y0, seen.y0 - 0.02);
  // The box grows by the turn of its corners, never past the page.
  EXPECT_GE(before.x1 - before.x0, seen.x1 - seen.x0);
  EXPECT_LE(before.x1, 1.0f);
}

}  // namespace
}  // namespace notaria::ingest
