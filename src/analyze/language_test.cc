#include "analyze/language.h"

#include <gtest/gtest.h>

namespace notaria::analyze {
namespace {

std::vector<Page> OnePage(const std::string& text) {
  Page p;
  p.number = 1;
  p.text = text;
  return {p};
}

TEST(DetectLanguage, French) {
  EXPECT_EQ(DetectLanguage(OnePage("Le vendeur cède à l'acquéreur les biens dont la désignation "
                                   "suit, pour le prix fixé par les parties et payé comptant.")),
            "fr");
}

TEST(DetectLanguage, English) {
  EXPECT_EQ(DetectLanguage(OnePage("The seller transfers to the buyer the property which is "
                                   "described below, for the price agreed by the parties.")),
            "en");
}

TEST(DetectLanguage, TooLittleTextIsUndetermined) {
  EXPECT_EQ(DetectLanguage(OnePage("IDFRA<<<<<<<<<<<< 123456")), "und");
  EXPECT_EQ(DetectLanguage({}), "und");
}

}  // namespace
}  // namespace notaria::analyze
