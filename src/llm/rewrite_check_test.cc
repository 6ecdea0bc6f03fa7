#include "llm/rewrite_check.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace notaria::llm {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

FigureSet Facts() {
  FigureSet f;
  f.AddJson(json::parse(R"({
    "amounts": [{"kind": "prix", "value": 250000.0}],
    "surface_carrez_m2": 64.3,
    "score": 0.82,
    "birth_date": "1970-05-12",
    "iban": "FR7630006000011234567890189",
    "siren": "732829320",
    "cadastre": [{"section": "AB", "number": "123"}],
    "message": "Le DPE du 02/01/2015 a expiré.",
    "evidence": {"start": 4711}
  })"));
  return f;
}

TEST(FigureSetTest, ReadsTheSameFigureWrittenDifferently) {
  FigureSet f = Facts();
  EXPECT_THAT(f.Unknown("Prix : 250 000 € (250.000 euros, 250 000,00 EUR)."), IsEmpty());
  EXPECT_THAT(f.Unknown("Surface Carrez de 64,3 m2, score 0,82."), IsEmpty());
  EXPECT_THAT(f.Unknown("Née le 12 mai 1970, soit le 12/05/1970."), IsEmpty());
  EXPECT_THAT(f.Unknown("IBAN FR76 3000 6000 0112 3456 7890 189, SIREN 732 829 320."), IsEmpty());
  EXPECT_THAT(f.Unknown("Parcelle AB 123. DPE établi le 2 janvier 2015."), IsEmpty());
  EXPECT_THAT(f.Unknown("Le 1er point : aucune anomalie."), IsEmpty());
}

TEST(FigureSetTest, FindsInventedFigures) {
  FigureSet f = Facts();
  EXPECT_THAT(f.Unknown("Prix : 260 000 €."), ElementsAre("260 000 €"));
  EXPECT_THAT(f.Unknown("Prix de deux cent soixante mille euros."), testing::SizeIs(1));
  EXPECT_THAT(f.Unknown("Signé le 13/03/2024."), ElementsAre("13/03/2024"));
  EXPECT_THAT(f.Unknown("Surface de 70 m2."), ElementsAre("70"));
  EXPECT_THAT(f.Unknown("SIREN 732 829 321."), ElementsAre("732 829 321"));
  EXPECT_THAT(f.Unknown("Parcelle AC123."), ElementsAre("AC123"));
  EXPECT_THAT(f.Unknown("IBAN FR76 3000 6000 0112 3456 7890 188."), ElementsAre("188"));
  EXPECT_THAT(f.Unknown("Décalage de 4711 octets."), ElementsAre("4711"));
}

SynthesisRequest Request() {
  SynthesisRequest r;
  r.scope = "document";
  r.facts = {{"amounts", {{{"kind", "prix"}, {"value", 250000.0}}}}};
  r.rules_synthesis = {{"summary", "Acte de vente de 2 pages. Prix : 250 000 €."},
                       {"recommendations", json::array()},
                       {"generated_by", "rules"}};
  return r;
}

TEST(RejectReasonTest, ChecksShapeLengthLanguageAndFigures) {
  SynthesisRequest r = Request();
  EXPECT_EQ(RejectReason({{"summary", "Acte de vente de 2 pages, prix de 250 000 €."},
                          {"recommendations", {"Relire le prix avec les parties."}}},
                         r),
            "");
  EXPECT_EQ(RejectReason(json::array(), r), "shape");
  EXPECT_EQ(RejectReason({{"summary", "Acte de vente."}}, r), "shape");
  EXPECT_EQ(RejectReason({{"summary", "  "}, {"recommendations", json::array()}}, r),
            "summary_length");
  EXPECT_EQ(
      RejectReason({{"summary", std::string(1600, 'a')}, {"recommendations", json::array()}}, r),
      "summary_length");
  json many = json::array();
  for (int i = 0; i < 13; ++i) many.push_back("Vérifier la pièce.");
  EXPECT_EQ(
      RejectReason({{"summary", "Acte de vente de la venderesse."}, {"recommendations", many}}, r),
      "recommendation_count");
  EXPECT_EQ(
      RejectReason({{"summary", "Acte de vente de la venderesse."}, {"recommendations", {""}}}, r),
      "recommendation_length");
  EXPECT_EQ(RejectReason({{"summary", "The sale deed of the seller is fine."},
                          {"recommendations", json::array()}},
                         r),
            "not_french");
  EXPECT_EQ(RejectReason(
                {{"summary", "Acte de vente de 3 pages."}, {"recommendations", json::array()}}, r),
            "invented_figure");
}

TEST(MergeRecommendationsTest, AppendsTheRulesAdviceThatWasDropped) {
  json rules = {"Demander au client une pièce d'identité en cours de validité.",
                "Faire établir un nouveau diagnostic de performance énergétique."};
  json model = {"Demander au client une pièce d'identité en cours de validité (CNI périmée).",
                "Vérifier la capacité des parties."};
  EXPECT_EQ(MergeRecommendations(model, rules),
            json({"Demander au client une pièce d'identité en cours de validité (CNI périmée).",
                  "Vérifier la capacité des parties.",
                  "Faire établir un nouveau diagnostic de performance énergétique."}));
  EXPECT_EQ(MergeRecommendations(json::array(), rules), rules);
}

}  // namespace
}  // namespace notaria::llm
