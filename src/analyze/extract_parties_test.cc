#include "analyze/extract_parties.h"

#include <gtest/gtest.h>

#include "analyze/extract.h"

namespace notaria::analyze {
namespace {

struct Parsed {
  std::vector<Page> pages;
  nlohmann::json entities;
};

Parsed Extract(const std::string& text, std::string_view type = "acte_vente") {
  Parsed p;
  Page page;
  page.number = 1;
  page.text = text;
  p.pages.push_back(page);
  p.entities = {{"persons", nlohmann::json::array()},
                {"companies", nlohmann::json::array()},
                {"notary", nullptr}};
  DocumentView view(p.pages);
  ExtractParties(view, type, &p.entities);
  return p;
}

// The evidence of `field` covers the printed text of the value (compared folded and with
// white space collapsed, for values normalised from capitals such as cities).
std::string EvidenceText(const Parsed& p, const nlohmann::json& entity, const std::string& field) {
  DocumentView view(p.pages);
  const auto& e = entity["evidence"][field];
  return std::string(
      view.TextOf({e["page"].get<int>(), e["start"].get<size_t>(), e["end"].get<size_t>()}));
}

void ExpectPrinted(const Parsed& p, const nlohmann::json& entity, const std::string& field) {
  ASSERT_TRUE(entity.contains(field)) << field;
  EXPECT_EQ(EvidenceText(p, entity, field), entity[field].get<std::string>()) << field;
}

TEST(ExtractParties, CoupleOnOneLineSharesAddressStatusAndNationality) {
  Parsed p = Extract(
      "VENDEUR\n"
      "Monsieur Jean-Pierre Louis MARTIN, retraité, et Madame Marie, Louise DURAND épouse MARTIN,\n"
      "retraitée, son épouse, demeurant ensemble à LYON 3ÈME ARRONDISSEMENT (69003), 12 rue\n"
      "Paul Bert, Appartement 4.\n"
      "Monsieur est né à LYON 3ÈME ARRONDISSEMENT (69003) le 3 mars 1950,\n"
      "Madame est née à BLOIS (41000) le 22 août 1952.\n"
      "Mariés sous le régime de la communauté d'acquêts à défaut de contrat de mariage préalable "
      "à leur union célébrée à la mairie de BLOIS le 1er juin 1975.\n"
      "Monsieur et Madame sont de nationalité française.\n"
      "Ci-après dénommés ensemble le « VENDEUR ».\n");
  const auto& persons = p.entities["persons"];
  ASSERT_EQ(persons.size(), 2u);
  const auto& h = persons[0];
  EXPECT_EQ(h["role"], "vendeur");
  EXPECT_EQ(h["last_name"], "MARTIN");
  EXPECT_EQ(h["first_names"], (nlohmann::json{"Jean-Pierre", "Louis"}));
  EXPECT_EQ(h["sex"], "M");
  EXPECT_EQ(h["profession"], "retraité");
  EXPECT_EQ(h["birth_date"], "1950-03-03");
  EXPECT_EQ(h["birth_place"], "Lyon 3e");
  EXPECT_EQ(h["birth_country"], "France");
  EXPECT_EQ(h["address"], "Appartement 4, 12 rue Paul Bert, 69003 Lyon");
  EXPECT_EQ(h["marital_status"], "marie");
  EXPECT_EQ(h["matrimonial_regime"], "communaute_acquets");
  EXPECT_EQ(h["nationality"], "française");
  ExpectPrinted(p, h, "last_name");
  ExpectPrinted(p, h, "profession");
  ExpectPrinted(p, h, "nationality");
  EXPECT_EQ(EvidenceText(p, h, "birth_date"), "3 mars 1950");
  const auto& w = persons[1];
  EXPECT_EQ(w["last_name"], "MARTIN");
  EXPECT_EQ(w["birth_name"], "DURAND");
  EXPECT_EQ(w["first_names"], (nlohmann::json{"Marie", "Louise"}));
  EXPECT_EQ(w["sex"], "F");
  EXPECT_EQ(w["birth_place"], "Blois");
  EXPECT_EQ(w["birth_date"], "1952-08-22");
  EXPECT_EQ(w["address"], h["address"]);
  EXPECT_EQ(w["marital_status"], "marie");
  ExpectPrinted(p, w, "birth_name");
  ExpectPrinted(p, w, "last_name");
  EXPECT_EQ(EvidenceText(p, w, "birth_place"), "BLOIS (41000)");
}

TEST(ExtractParties, CompanyWithRepresentativeAndPromettantHeading) {
  Parsed p = Extract(
      "ENTRE LES SOUSSIGNÉS :\n"
      "La société dénommée LES TILLEULS, société civile immobilière au capital de 1 000,00 €, "
      "dont\n"
      "le siège est à LYON (69002), 5 place Bellecour, identifiée au SIREN sous le numéro 123 456\n"
      "789 et immatriculée au RCS de LYON.\n"
      "Représentée par Madame Claire PETIT, agissant en qualité de gérante.\n"
      "Ci-après dénommée « LE PROMETTANT », D'UNE PART,\n",
      "compromis_vente");
  ASSERT_EQ(p.entities["companies"].size(), 1u);
  const auto& c = p.entities["companies"][0];
  EXPECT_EQ(c["name"], "LES TILLEULS");
  EXPECT_EQ(c["role"], "vendeur");
  EXPECT_EQ(c["legal_form"], "société civile immobilière");
  EXPECT_EQ(c["siren"], "123456789");
  EXPECT_EQ(c["rcs_city"], "Lyon");
  EXPECT_DOUBLE_EQ(c["capital_eur"].get<double>(), 1000.0);
  EXPECT_EQ(c["address"], "5 place Bellecour, 69002 Lyon");
  ExpectPrinted(p, c, "name");
  EXPECT_EQ(EvidenceText(p, c, "siren"), "123 456\n789");
  ASSERT_EQ(p.entities["persons"].size(), 1u);
  const auto& r = p.entities["persons"][0];
  EXPECT_EQ(r["role"], "representant");
  EXPECT_EQ(r["last_name"], "PETIT");
  EXPECT_EQ(r["first_names"], (nlohmann::json{"Claire"}));
  EXPECT_FALSE(r.contains("profession"));
}

TEST(ExtractParties, CompactCompanyClause) {
  Parsed p = Extract(
      "LE PRÊTEUR\nBANQUE DU MIDI SAS, RCS Paris 552 120 222, siège social 3 rue de la "
      "Paix, 75002 PARIS.\n",
      "contrat");
  ASSERT_EQ(p.entities["companies"].size(), 1u);
  const auto& c = p.entities["companies"][0];
  EXPECT_EQ(c["name"], "BANQUE DU MIDI");
  EXPECT_EQ(c["legal_form"], "SAS");
  EXPECT_EQ(c["role"], "preteur");
  EXPECT_EQ(c["siren"], "552120222");
  EXPECT_EQ(c["rcs_city"], "Paris");
}

TEST(ExtractParties, PacsAndForeignBirthPlace) {
  Parsed p = Extract(
      "DONATAIRE\n"
      "Monsieur Karim BENALI, ingénieur, demeurant 8 avenue Foch, 75116 PARIS, né à Casablanca "
      "(Maroc) le 2 février 1980.\n"
      "Ayant conclu avec Madame Sophie LEROY un pacte civil de solidarité sous le régime de la "
      "séparation des patrimoines, enregistré le 3 mai 2010.\n"
      "De nationalité marocaine.\n");
  ASSERT_EQ(p.entities["persons"].size(), 1u);  // the partner is cited, not a party
  const auto& k = p.entities["persons"][0];
  EXPECT_EQ(k["role"], "donataire");
  EXPECT_EQ(k["birth_place"], "Casablanca");
  EXPECT_EQ(k["birth_country"], "Maroc");
  EXPECT_EQ(k["birth_date"], "1980-02-02");
  EXPECT_EQ(k["address"], "8 avenue Foch, 75116 Paris");
  EXPECT_EQ(k["marital_status"], "pacse");
  EXPECT_EQ(k["matrimonial_regime"], "separation");
  EXPECT_EQ(k["nationality"], "marocaine");
  ExpectPrinted(p, k, "profession");
}

TEST(ExtractParties, WidowWithUsageNameAndAbbreviatedCivility) {
  Parsed p = Extract(
      "LES VENDEURS :\n"
      "Mme Paulette GIRARD veuve ROCHE, sans profession, demeurant à BREST (29200), 4 rue de "
      "Siam.\n"
      "Née à QUIMPER (29000) le 12/01/1941.\n"
      "Veuve de Monsieur Henri ROCHE, non remariée.\n"
      "M. MARTIN Jean, boulanger, demeurant 3 rue Neuve, 29200 BREST.\n"
      "Né le 5 juin 1970 à Brest (Finistère).\n"
      "Célibataire.\n");
  const auto& persons = p.entities["persons"];
  ASSERT_EQ(persons.size(), 2u);  // Henri ROCHE is cited in passing
  EXPECT_EQ(persons[0]["last_name"], "ROCHE");
  EXPECT_EQ(persons[0]["birth_name"], "GIRARD");
  EXPECT_EQ(persons[0]["marital_status"], "veuf");
  EXPECT_EQ(persons[0]["profession"], "sans profession");
  EXPECT_EQ(persons[0]["birth_date"], "1941-01-12");
  EXPECT_EQ(persons[0]["role"], "vendeur");
  EXPECT_EQ(persons[1]["last_name"], "MARTIN");
  EXPECT_EQ(persons[1]["first_names"], (nlohmann::json{"Jean"}));
  EXPECT_EQ(persons[1]["sex"], "M");
  EXPECT_EQ(persons[1]["birth_place"], "Brest");
  EXPECT_EQ(persons[1]["birth_country"], "France");
  EXPECT_EQ(persons[1]["marital_status"], "celibataire");
  EXPECT_FALSE(persons[1].contains("matrimonial_regime"));
  ExpectPrinted(p, persons[1], "last_name");
}

TEST(ExtractParties, ClauseSplitByLineBreaksAndHyphenation) {
  Parsed p = Extract(
      "LE BAILLEUR :\n"
      "Monsieur Jean-\nPierre DA\nSILVA, chef de\nprojet, demeurant à NANTES\n(44000), 7 rue\n"
      "Crébillon.\n");
  ASSERT_EQ(p.entities["persons"].size(), 1u);
  const auto& j = p.entities["persons"][0];
  EXPECT_EQ(j["first_names"], (nlohmann::json{"Jean-Pierre"}));
  EXPECT_EQ(j["last_name"], "DA SILVA");
  EXPECT_EQ(j["profession"], "chef de projet");
  EXPECT_EQ(j["address"], "7 rue Crébillon, 44000 Nantes");
  EXPECT_EQ(j["role"], "bailleur");
  EXPECT_EQ(EvidenceText(p, j, "last_name"), "DA\nSILVA");
}

TEST(ExtractParties, OcrDamagedClause) {
  Parsed p = Extract(
      "ACQUÉREUR\n"
      "Monsleur  Paul  BLANC, menuisier,  demeurant à DIJON (21000),  9 rue  Monge.\n"
      "Né à CASABLANCA (MAROO) le 1 mars 1961.\n"
      "Divorcé de Madame Anne NOIR suivant jugement.\n");
  ASSERT_EQ(p.entities["persons"].size(), 1u);
  const auto& b = p.entities["persons"][0];
  EXPECT_EQ(b["last_name"], "BLANC");
  EXPECT_EQ(b["sex"], "M");
  EXPECT_EQ(b["birth_country"], "Maroc");
  EXPECT_EQ(b["address"], "9 rue Monge, 21000 Dijon");
  EXPECT_EQ(b["marital_status"], "divorce");
  EXPECT_EQ(b["role"], "acquereur");
}

TEST(ExtractParties, NotaryReceivingTheDeedNotOneCited) {
  Parsed p = Extract(
      "Acquisition suivant acte reçu par Maître Paul ANCIEN, notaire à METZ.\n"
      "Maître Anne-Sophie LE ROUX, Notaire associée, titulaire d'un office notarial à "
      "SAINT-NAZAIRE,\nA REÇU le présent acte.\n");
  ASSERT_TRUE(p.entities["notary"].is_object());
  EXPECT_EQ(p.entities["notary"]["name"], "Anne-Sophie LE ROUX");
  EXPECT_EQ(p.entities["notary"]["city"], "Saint-Nazaire");
  ExpectPrinted(p, p.entities["notary"], "name");
}

TEST(ExtractParties, UnknownStaysAbsentAndNoTextIsSafe) {
  Parsed p = Extract("LE LOCATAIRE :\nMadame Léa ROUX.\n", "contrat");
  ASSERT_EQ(p.entities["persons"].size(), 1u);
  const auto& r = p.entities["persons"][0];
  for (const char* f : {"birth_date", "birth_place", "address", "profession", "marital_status",
                        "nationality", "birth_name"}) {
    EXPECT_FALSE(r.contains(f)) << f;
  }
  EXPECT_TRUE(Extract("").entities["persons"].empty());
  EXPECT_TRUE(Extract("Monsieur\nMadame ,,, (((").entities["persons"].empty());
}

}  // namespace
}  // namespace notaria::analyze
