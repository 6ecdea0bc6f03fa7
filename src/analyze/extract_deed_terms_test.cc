#include "analyze/extract_deed_terms.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "analyze/extract.h"
#include "analyze/extract_deed_terms_amounts.h"
#include "analyze/extract_deed_terms_dates.h"
#include "analyze/extract_property_address.h"
#include "analyze/extract_property_cadastre.h"
#include "analyze/extract_property_lots.h"
#include "analyze/extract_property_surfaces.h"

namespace notaria::analyze {
namespace {

std::vector<Page> Pages(std::vector<std::string> texts) {
  std::vector<Page> pages;
  for (size_t i = 0; i < texts.size(); ++i) {
    Page p;
    p.number = static_cast<int>(i) + 1;
    p.text = std::move(texts[i]);
    pages.push_back(std::move(p));
  }
  return pages;
}

const DeedAmount* AmountOf(const std::vector<DeedAmount>& v, const std::string& kind) {
  for (const auto& a : v) {
    if (a.kind == kind) return &a;
  }
  return nullptr;
}

const DeedDate* DateOf(const std::vector<DeedDate>& v, const std::string& kind) {
  for (const auto& d : v) {
    if (d.kind == kind) return &d;
  }
  return nullptr;
}

TEST(DeedCadastre, InlineWithLieuditAndContenanceInHaACa) {
  auto pages =
      Pages({"DÉSIGNATION\nÀ RODEZ (12000), 4 rue du Lac.\nCadastré : Section AB "
             "numéro 0123, lieudit Les Vignes Hautes, pour une contenance de 00 ha 05 a "
             "32\nca.\nLa parcelle cadastrée section AB numéro 132 est grevée d'une "
             "servitude."});
  DocumentView doc(pages);
  std::vector<ParcelMention> p = FindParcels(doc);
  ASSERT_EQ(p.size(), 2u);
  EXPECT_TRUE(p[0].in_designation);
  EXPECT_EQ(p[0].section, "AB");
  EXPECT_EQ(p[0].number, "123");
  EXPECT_EQ(doc.TextOf(p[0].number_evidence), "0123");
  EXPECT_EQ(p[0].lieudit.value_or(""), "Les Vignes Hautes");
  EXPECT_EQ(doc.TextOf(*p[0].lieudit_evidence), "Les Vignes Hautes");
  EXPECT_EQ(p[0].contenance_ca.value_or(0), 532);
  EXPECT_EQ(doc.TextOf(*p[0].contenance_evidence), "00 ha 05 a 32\nca");
  // A later, different reference is a mention for the checks, not a parcel of the deed.
  EXPECT_FALSE(p[1].in_designation);
  EXPECT_EQ(p[1].number, "132");
}

TEST(DeedCadastre, LowerCaseTableCellIsNotASection) {
  auto pages = Pages(
      {"Figurant ainsi au cadastre :\nSection N° Lieudit Surface\nB an 412 7 rue Haute 00 ha 03 a "
       "10 ca\nContenance totale 00 ha 03 a 10 ca\n\n\nLa parcelle cadastrée section KT "
       "numéro 412 est libre."});
  DocumentView doc(pages);
  std::vector<ParcelMention> p = FindParcels(doc);
  for (const ParcelMention& m : p) EXPECT_NE(m.section, "AN");
}

TEST(DeedCadastre, PrefixSquareMetresAndLists) {
  auto pages =
      Pages({"Un terrain cadastré section 000 ZC n° 41 pour 1 250 m², et préfixe 141, "
             "Section CK numéro 24, lieu-dit Les Terres Rouges, pour 8 a 53 ca.\n"});
  DocumentView doc(pages);
  std::vector<ParcelMention> p = FindParcels(doc);
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0].prefix, "");
  EXPECT_EQ(p[0].section, "ZC");
  EXPECT_EQ(p[0].contenance_ca.value_or(0), 1250);
  EXPECT_EQ(p[1].prefix, "141");
  EXPECT_EQ(doc.TextOf(*p[1].prefix_evidence), "141");
  EXPECT_EQ(p[1].lieudit.value_or(""), "Les Terres Rouges");
  EXPECT_EQ(p[1].contenance_ca.value_or(0), 853);

  auto listed = Pages({"les parcelles section I n°s 74, 75 et 76 de La Viste"});
  DocumentView doc2(listed);
  std::vector<ParcelMention> l = FindParcels(doc2);
  ASSERT_EQ(l.size(), 3u);
  EXPECT_EQ(l[2].number, "76");
  EXPECT_EQ(doc2.TextOf(l[2].number_evidence), "76");
}

TEST(DeedCadastre, TableOneCellPerLineAndOcrRow) {
  auto text_layer =
      Pages({"Figurant ainsi au cadastre :\nSection\n\nN°\n\nLieudit\n\nContenance\n\n"
             "ZK\n\n940\n\nLe Pré Haut\n\n00 ha 32 a 75 ca\n\nZK\n\n941\n\nLes "
             "Aulnes\n\n01 ha 00 a 99 ca\n\nContenance totale\n\n01 ha 33 a 74 ca\n"});
  DocumentView doc(text_layer);
  std::vector<ParcelMention> p = FindParcels(doc);
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0].section, "ZK");
  EXPECT_EQ(p[0].lieudit.value_or(""), "Le Pré Haut");
  EXPECT_EQ(p[0].contenance_ca.value_or(0), 3275);
  EXPECT_EQ(p[1].contenance_ca.value_or(0), 10099);
  EXPECT_TRUE(p[1].in_designation);

  auto ocr =
      Pages({"Section N° Lieudit Surface\nBX 348 40 chemin du Lavoir 00 ha 19 a 69 ca\n"
             "Contenance totale 00 ha 19 a 69 ca\n"});
  DocumentView doc2(ocr);
  std::vector<ParcelMention> o = FindParcels(doc2);
  ASSERT_EQ(o.size(), 1u);
  EXPECT_EQ(o[0].number, "348");
  EXPECT_EQ(doc2.TextOf(*o[0].lieudit_evidence), "40 chemin du Lavoir");
  EXPECT_EQ(o[0].contenance_ca.value_or(0), 1969);
}

TEST(DeedLots, WordsDigitsAndTantiemes) {
  auto pages = Pages(
      {"Désignation des lots :\nLot numéro douze (12) : un appartement au deuxième étage.\n"
       "Et les cent vingt-cinq /dix-millièmes (125/10000èmes) des parties communes générales.\n"
       "Lot n° 31 - un emplacement de stationnement, et les 8/1000èmes des parties communes.\n"
       "Lot numéro quarante : une cave, et les trois dix-millièmes des parties communes.\n"
       "La superficie privative du lot numéro 12 est de 64,30 m²."});
  DocumentView doc(pages);
  std::vector<CoproLot> lots = FindLots(doc);
  ASSERT_EQ(lots.size(), 3u);
  EXPECT_EQ(lots[0].number, "12");
  EXPECT_EQ(lots[0].tantiemes.value_or(""), "125/10000");
  EXPECT_EQ(doc.TextOf(*lots[0].tantiemes_evidence), "125/10000");
  EXPECT_EQ(lots[0].kind.value_or(""), "appartement");
  EXPECT_EQ(lots[1].number, "31");
  EXPECT_EQ(lots[1].tantiemes.value_or(""), "8/1000");
  EXPECT_EQ(lots[1].kind.value_or(""), "parking");
  EXPECT_EQ(lots[2].number, "40");
  EXPECT_EQ(lots[2].tantiemes.value_or(""), "3/10000");
  EXPECT_EQ(lots[2].kind.value_or(""), "cave");
}

TEST(DeedSurfaces, CarrezAndTotalKeptWithEveryMention) {
  auto pages =
      Pages({"La superficie de la partie privative soumise à la loi n° 96-1107 du 18 décembre 1996 "
             "(loi Carrez) est de 64,30\nm².\nSurface habitable : 70 m².\nUne terrasse de 12 m².\n"
             "Le diagnostic mentionne une surface de 72,5 m2."});
  DocumentView doc(pages);
  std::vector<SurfaceMention> s = FindSurfaces(doc);
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].kind, "carrez");
  EXPECT_DOUBLE_EQ(s[0].value_m2, 64.30);
  EXPECT_EQ(doc.TextOf(s[0].evidence), "64,30\nm²");
  EXPECT_EQ(s[1].kind, "habitable");
  EXPECT_DOUBLE_EQ(s[1].value_m2, 70);
  EXPECT_DOUBLE_EQ(s[2].value_m2, 72.5);
}

TEST(DeedAddress, DesignationNotPartiesNorOffice) {
  auto pages =
      Pages({"À PESSAC (33600), 12 avenue des Platanes, au siège de l'Office Notarial,\n"
             "VENDEUR : Monsieur Paul DURAND, demeurant à NEVERS (58000), 23 rue des Tanneurs.\n"
             "DÉSIGNATION\nÀ PARIS 17ÈME ARRONDISSEMENT (75017), 126 ter route de la\nForêt.\n"
             "Une maison à usage d'habitation."});
  DocumentView doc(pages);
  PropertyPlace p = FindPropertyPlace(doc);
  EXPECT_EQ(p.address.value_or(""), "126 ter route de la Forêt");
  EXPECT_EQ(doc.TextOf(*p.address_evidence), "126 ter route de la\nForêt");
  EXPECT_EQ(p.postal_code.value_or(""), "75017");
  EXPECT_EQ(p.insee_code.value_or(""), "75117");
  EXPECT_EQ(p.city.value_or(""), "Paris");
  EXPECT_EQ(p.kind.value_or(""), "maison");

  auto lease =
      Pages({"Adresse du logement\n\n55 chemin des Écoliers, 90000 BELFORT\n\n"
             "Type d'habitat\n\nImmeuble collectif en copropriété\n"});
  DocumentView doc2(lease);
  PropertyPlace l = FindPropertyPlace(doc2);
  EXPECT_EQ(l.address.value_or(""), "55 chemin des Écoliers");
  EXPECT_EQ(l.city.value_or(""), "Belfort");
  EXPECT_EQ(l.insee_code.value_or(""), "90010");
  EXPECT_EQ(l.kind.value_or(""), "appartement");
}

TEST(DeedAddress, LandWithoutAStreetHasItsCommune) {
  auto pages = Pages(
      {"VENDEUR : Monsieur Paul DURAND, demeurant à NEVERS (58000), 23 rue des Tanneurs.\n"
       "DÉSIGNATION\nSur la commune de LACANAU (33680), lieudit « Le Moutchic », une parcelle "
       "de terre figurant au cadastre section AB numéro 123."});
  DocumentView doc(pages);
  PropertyPlace p = FindPropertyPlace(doc);
  EXPECT_FALSE(p.address.has_value());
  EXPECT_EQ(p.postal_code.value_or(""), "33680");
  EXPECT_EQ(p.city.value_or(""), "Lacanau");
  EXPECT_EQ(p.insee_code.value_or(""), "33214");
  ASSERT_TRUE(p.city_evidence.has_value());
  EXPECT_EQ(doc.TextOf(*p.city_evidence), "LACANAU");
  EXPECT_EQ(p.kind.value_or(""), "terrain");

  auto other_order = Pages({"Le bien suivant, situé à 42000 SAINT-ÉTIENNE : un terrain à bâtir."});
  DocumentView doc2(other_order);
  EXPECT_EQ(FindPropertyPlace(doc2).insee_code.value_or(""), "42218");
  // A name beside a postal code that the commune table does not pair is not taken.
  auto unknown = Pages({"DÉSIGNATION\nSitué à NULLEPART (33680), un terrain."});
  DocumentView doc3(unknown);
  EXPECT_FALSE(FindPropertyPlace(doc3).postal_code.has_value());
}

TEST(DeedAmounts, KindsFromTheirClauses) {
  auto pages = Pages(
      {"La société SCI LES PINS, au capital de 1 500 euros.\n"
       "La vente est conclue moyennant le prix de DEUX CENT CINQUANTE MILLE EUROS (205 000,00 "
       "€).\nLes frais, droits et émoluments sont provisionnés à la somme de 18 500 €.\n"
       "L'ACQUÉREUR verse à titre de dépôt de garantie la somme de 20.500 EUR.\n"
       "Sous la condition de l'obtention d'un prêt d'un montant maximum de 150 000 €.\n"
       "Les honoraires de négociation de l'agence s'élèvent à 9 000 € TTC.\n"
       "L'abattement de 100 000 euros prévu par l'article 779 du Code général des impôts.\n"
       "Loyer mensuel hors charges : 850,00 €\nProvision sur charges : 60,00 €\n"
       "Les parties évaluent le bien à la somme de 300 000 €."});
  DocumentView doc(pages);
  std::vector<DeedAmount> a = FindDeedAmounts(doc, "compromis_vente");
  const DeedAmount* prix = AmountOf(a, "prix");
  ASSERT_NE(prix, nullptr);
  EXPECT_DOUBLE_EQ(prix->value, 205000);  // the digits, although the words differ
  EXPECT_EQ(doc.TextOf(prix->evidence), "205 000,00 €");
  ASSERT_TRUE(prix->value_words.has_value());
  EXPECT_DOUBLE_EQ(*prix->value_words, 250000);
  EXPECT_EQ(doc.TextOf(*prix->words_evidence), "DEUX CENT CINQUANTE MILLE EUROS");
  ASSERT_NE(AmountOf(a, "frais"), nullptr);
  EXPECT_DOUBLE_EQ(AmountOf(a, "frais")->value, 18500);
  ASSERT_NE(AmountOf(a, "depot_garantie"), nullptr);
  EXPECT_EQ(doc.TextOf(AmountOf(a, "depot_garantie")->evidence), "20.500 EUR");
  ASSERT_NE(AmountOf(a, "pret"), nullptr);
  EXPECT_DOUBLE_EQ(AmountOf(a, "pret")->value, 150000);
  ASSERT_NE(AmountOf(a, "commission"), nullptr);
  EXPECT_DOUBLE_EQ(AmountOf(a, "commission")->value, 9000);
  ASSERT_NE(AmountOf(a, "loyer"), nullptr);
  EXPECT_DOUBLE_EQ(AmountOf(a, "loyer")->value, 850);
  ASSERT_NE(AmountOf(a, "charges"), nullptr);
  EXPECT_DOUBLE_EQ(AmountOf(a, "charges")->value, 60);
  ASSERT_NE(AmountOf(a, "valeur"), nullptr);
  EXPECT_DOUBLE_EQ(AmountOf(a, "valeur")->value, 300000);
  EXPECT_EQ(a.size(), 8u);  // neither the company's capital nor the tax allowance
}

TEST(DeedAmounts, LoanOfferCapitalAndMonthlyPayment) {
  auto pages =
      Pages({"OFFRE DE CONTRAT DE CRÉDIT IMMOBILIER\nMontant du prêt\n\n245 000,00 "
             "EUR\n\nÉchéance mensuelle hors assurance\n\n1 260,96 €\n"});
  DocumentView doc(pages);
  std::vector<DeedAmount> a = FindDeedAmounts(doc, "contrat");
  ASSERT_NE(AmountOf(a, "capital"), nullptr);
  EXPECT_DOUBLE_EQ(AmountOf(a, "capital")->value, 245000);
  ASSERT_NE(AmountOf(a, "mensualite"), nullptr);
  EXPECT_DOUBLE_EQ(AmountOf(a, "mensualite")->value, 1260.96);
}

TEST(DeedDates, KindsFromTheirClausesAndCitedDatesLeftOut) {
  auto pages = Pages(
      {"L'AN DEUX MILLE VINGT-QUATRE, LE DOUZE MARS\nMaître X a reçu le présent acte.\n"
       "Monsieur est né à RODEZ (12000) le 05/04/1972.\n"
       "Madame Y, décédée à NICE (06000) le 6 août 2022.\n"
       "Bail soumis à la loi du 6 juillet 1989.\n"
       "Acquisition suivant acte reçu par Maître Z, notaire à NICE, le 18 juin 2008, publié au "
       "service de la publicité foncière le 9 juillet 2008.\n"
       "L'ACQUÉREUR devra justifier de l'obtention du prêt au plus tard le 31/12/2022.\n"
       "La réitération par acte authentique aura lieu au plus tard le 1er mars 2023.\n"
       "Le contrat prend effet le 18 avril 2023.\n"
       "Diagnostic de performance énergétique établi le 17/02/2023.\n"
       "Fait à ALÈS (30100), le 01/11/2022, en trois exemplaires."});
  DocumentView doc(pages);
  std::vector<DeedDate> d = FindDeedDates(doc, "acte_vente");
  ASSERT_NE(DateOf(d, "acte"), nullptr);
  EXPECT_EQ(DateOf(d, "acte")->value, "2024-03-12");
  EXPECT_EQ(doc.TextOf(DateOf(d, "acte")->evidence), "L'AN DEUX MILLE VINGT-QUATRE, LE DOUZE MARS");
  ASSERT_NE(DateOf(d, "deces"), nullptr);
  EXPECT_EQ(DateOf(d, "deces")->value, "2022-08-06");
  ASSERT_NE(DateOf(d, "acquisition_anterieure"), nullptr);
  EXPECT_EQ(DateOf(d, "acquisition_anterieure")->value, "2008-06-18");
  EXPECT_EQ(doc.TextOf(DateOf(d, "acquisition_anterieure")->evidence), "18 juin 2008");
  ASSERT_NE(DateOf(d, "condition_pret"), nullptr);
  EXPECT_EQ(DateOf(d, "condition_pret")->value, "2022-12-31");
  ASSERT_NE(DateOf(d, "reiteration"), nullptr);
  EXPECT_EQ(DateOf(d, "reiteration")->value, "2023-03-01");
  ASSERT_NE(DateOf(d, "prise_effet"), nullptr);
  EXPECT_EQ(DateOf(d, "prise_effet")->value, "2023-04-18");
  ASSERT_NE(DateOf(d, "dpe"), nullptr);
  EXPECT_EQ(DateOf(d, "dpe")->value, "2023-02-17");
  ASSERT_NE(DateOf(d, "signature"), nullptr);
  EXPECT_EQ(DateOf(d, "signature")->value, "2022-11-01");
  EXPECT_EQ(doc.TextOf(DateOf(d, "signature")->evidence), "01/11/2022");
  // Neither the birth, the law of 1989 nor the publication.
  EXPECT_EQ(d.size(), 8u);
  for (const auto& x : d) {
    EXPECT_NE(x.value, "1989-07-06");
    EXPECT_NE(x.value, "1972-04-05");
    EXPECT_NE(x.value, "2008-07-09");
  }
}

TEST(DeedDates, OpeningWithDigitsBeforeAReçu) {
  auto pages =
      Pages({"Le 27 février 2025, Maître Denise COLLET, notaire à PESSAC, A REÇU le "
             "présent acte authentique."});
  DocumentView doc(pages);
  std::vector<DeedDate> d = FindDeedDates(doc, "donation");
  ASSERT_NE(DateOf(d, "acte"), nullptr);
  EXPECT_EQ(DateOf(d, "acte")->value, "2025-02-27");
}

TEST(DeedTerms, RegisteredForDeedsOnlyAndFillsEntities) {
  auto names = ExtractorNames("acte_vente");
  EXPECT_NE(std::find(names.begin(), names.end(), "deed_terms"), names.end());
  auto other = ExtractorNames("cni");
  EXPECT_EQ(std::find(other.begin(), other.end(), "deed_terms"), other.end());
  auto pages =
      Pages({"DÉSIGNATION\nÀ ALÈS (30100), 20 ter quai des Bateliers.\nCadastré : "
             "Section BK numéro 949, pour une contenance de 21 a 39 ca.\n"
             "moyennant le prix de 100 000 €."});
  nlohmann::json e = ExtractEntities(pages, "acte_vente");
  ASSERT_EQ(e["properties"].size(), 1u);
  EXPECT_EQ(e["properties"][0]["insee_code"], "30007");
  EXPECT_EQ(e["properties"][0]["cadastre"][0]["contenance_ca"], 2139);
  EXPECT_TRUE(e["properties"][0]["cadastre"][0]["evidence"].contains("number"));
  ASSERT_EQ(e["amounts"].size(), 1u);
  EXPECT_EQ(e["amounts"][0]["kind"], "prix");
}

}  // namespace
}  // namespace notaria::analyze
