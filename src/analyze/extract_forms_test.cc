#include "analyze/extract_forms.h"

#include <gtest/gtest.h>

#include "analyze/extract.h"

namespace notaria::analyze {
namespace {

std::vector<Page> Pages(std::initializer_list<const char*> texts) {
  std::vector<Page> pages;
  int n = 1;
  for (const char* t : texts) {
    Page p;
    p.number = n++;
    p.text = t;
    pages.push_back(p);
  }
  return pages;
}

// The printed text behind a field's evidence.
std::string Printed(const std::vector<Page>& pages, const nlohmann::json& ev) {
  Evidence e{ev.at("page").get<int>(), ev.at("start").get<size_t>(), ev.at("end").get<size_t>()};
  DocumentView view(pages);
  return std::string(view.TextOf(e));
}

const nlohmann::json* DateOf(const nlohmann::json& e, const std::string& kind) {
  for (const auto& d : e["dates"]) {
    if (d["kind"] == kind) return &d;
  }
  return nullptr;
}

// The 2021 card prints its labels in two languages on two lines; the number is under them.
// A label word is never the number.
TEST(FormExtractors, ANumberIsNeverALabelWord) {
  auto pages =
      Pages({"RÉPUBLIQUE FRANÇAISE\n"
             "CARTE NATIONALE D'IDENTITÉ / IDENTITY CARD\n"
             "N° DU DOCUMENT / Document No\n"
             "POCUMENT\n"
             "PPI4J9DRJ\n"
             "NOM / Surname\nMARTIN\n"});
  auto e = ExtractEntities(pages, "cni");
  const auto& id = e["identity_document"];
  ASSERT_TRUE(id.is_object());
  EXPECT_EQ(id.value("number", ""), "PPI4J9DRJ");
  EXPECT_EQ(Printed(pages, id["evidence"]["number"]), "PPI4J9DRJ");
}

TEST(FormExtractors, OldCniWithUsageNameAndNoisyMrz) {
  auto pages =
      Pages({"RÉPUBLIQUE FRANÇAISE\n"
             "CARTE NATIONALE D'IDENTITÉ N° : 880692310285\n"
             "Nationalité Française\n"
             "| Nom: DUPUIS\n"
             "Nom d'usage : ép. LAMBERT\n"
             "Prénom(s): Hélène, Marie\n"
             "Sexe : F Né(e) le : 14.03.1960\n"
             "à : ANGERS (49)\n"
             "IDFRADUPUIS<<<<<<<<<<<<<<K<<<<<<49<<<<\n"
             "8806923102858HELENE<<MARIE<6003146F2\n"
             "Adresse :\n12 RUE DES LILAS\n49000 ANGERS\n"
             "Carte valable jusqu'au : 10.06.1998\ndélivrée le : 11.06.1988\n"});
  auto e = ExtractEntities(pages, "cni");
  const auto& id = e["identity_document"];
  ASSERT_TRUE(id.is_object());
  EXPECT_EQ(id["kind"], "cni_ancienne");
  EXPECT_EQ(id["number"], "880692310285");
  EXPECT_EQ(id["surname"], "DUPUIS");
  EXPECT_EQ(id["usage_name"], "LAMBERT");
  // Capitals of accented letters too: "HÉLÈNE", never "HéLèNE".
  EXPECT_EQ(id["given_names"], (nlohmann::json{"HÉLÈNE", "MARIE"}));
  EXPECT_EQ(id["birth_date"], "1960-03-14");
  EXPECT_EQ(id["issue_date"], "1988-06-11");
  EXPECT_EQ(id["expiry_date"], "1998-06-10");
  EXPECT_EQ(Printed(pages, id["evidence"]["usage_name"]), "LAMBERT");
  EXPECT_EQ(Printed(pages, id["evidence"]["expiry_date"]), "10.06.1998");
  ASSERT_EQ(e["persons"].size(), 1u);
  const auto& p = e["persons"][0];
  EXPECT_EQ(p["role"], "titulaire");
  EXPECT_EQ(p["last_name"], "LAMBERT");
  EXPECT_EQ(p["birth_name"], "DUPUIS");
  EXPECT_EQ(Printed(pages, p["evidence"]["birth_name"]), "DUPUIS");
  EXPECT_EQ(p["first_names"], (nlohmann::json{"Hélène", "Marie"}));
  EXPECT_EQ(p["sex"], "F");
  EXPECT_EQ(p["birth_place"], "ANGERS");
  EXPECT_EQ(p["birth_country"], "France");
  EXPECT_EQ(p["address"], "12 RUE DES LILAS, 49000 ANGERS");
  EXPECT_EQ(Printed(pages, p["evidence"]["birth_place"]), "ANGERS (49)");
  ASSERT_NE(DateOf(e, "naissance"), nullptr);
}

TEST(FormExtractors, Cni2021LabelsAboveValuesAndMrz) {
  auto pages =
      Pages({"RÉPUBLIQUE FRANÇAISE\nCARTE NATIONALE D'IDENTITÉ / IDENTITY CARD\n"
             "NOM / Surname\n\nMARTIN\n\nPRÉNOMS / Given names\nLUC, ANDRÉ\n"
             "SEXE / Sex NATIONALITÉ / Nationality DATE DE NAISS. / Date of birth\n"
             "M FRA 03 02 1979\n"
             "LIEU DE NAISSANCE / Place of birth\nROUEN\n"
             "N° DU DOCUMENT / Document No DATE D'EXPIR. / Expiry date\n"
             "X4RTZ81C2 01 09 2032\n"
             "DATE DE DÉLIVRANCE / Date of issue AUTORITÉ / Authority\n"
             "02 09 2022 PREFECTURE DE LA SEINE-MARITIME\n"});
  auto e = ExtractEntities(pages, "cni");
  const auto& id = e["identity_document"];
  EXPECT_EQ(id["kind"], "cni_2021");
  EXPECT_EQ(id["surname"], "MARTIN");
  EXPECT_EQ(id["given_names"], (nlohmann::json{"LUC", "ANDRÉ"}));
  EXPECT_EQ(id["sex"], "M");
  EXPECT_EQ(id["birth_date"], "1979-02-03");
  EXPECT_EQ(id["expiry_date"], "2032-09-01");
  EXPECT_EQ(id["issue_date"], "2022-09-02");
  EXPECT_EQ(id["number"], "X4RTZ81C2");
  EXPECT_EQ(id["mrz_visible"], false);
  EXPECT_EQ(Printed(pages, id["evidence"]["birth_date"]), "03 02 1979");
  EXPECT_EQ(Printed(pages, id["evidence"]["expiry_date"]), "01 09 2032");
  EXPECT_EQ(e["persons"][0]["nationality"], "française");
}

TEST(FormExtractors, PassportTd3) {
  auto pages = Pages(
      {"RÉPUBLIQUE FRANÇAISE\nPASSEPORT / PASSPORT\n"
       "Type / Type Code du pays / Country code Passeport n° / Passport No.\nP FRA 19AB12345\n"
       "Nom / Surname\nBERNARD\nPrénoms / Given names\nCLAIRE\n"
       "Nationalité / Nationality Date de naissance / Date of birth\nFrançaise 05.06.1990\n"
       "Sexe / Sex Lieu de naissance / Place of birth\nF LYON (69)\n"
       "Date de délivrance / Date of issue Date d'expiration / Date of expiry\n"
       "12.01.2019 11.01.2029\n"});
  auto e = ExtractEntities(pages, "passeport");
  const auto& id = e["identity_document"];
  EXPECT_EQ(id["kind"], "passeport");
  EXPECT_EQ(id["number"], "19AB12345");
  EXPECT_EQ(id["issue_date"], "2019-01-12");
  EXPECT_EQ(id["expiry_date"], "2029-01-11");
  EXPECT_EQ(id["birth_place"], "LYON (69)");
  EXPECT_EQ(id["sex"], "F");
  EXPECT_EQ(Printed(pages, id["evidence"]["issue_date"]), "12.01.2019");
}

TEST(FormExtractors, KbisGerantAndPresident) {
  auto pages =
      Pages({"Greffe du Tribunal de Commerce de LYON\n à jour au 3 février 2025\n"
             "Immatriculation au RCS, numéro   552 100 554 R.C.S. Lyon\n"
             "Date d'immatriculation   01/04/2010\n"
             "Dénomination ou raison sociale   BOULANGERIE DU PARC\n"
             "Forme juridique   Société à responsabilité limitée\n"
             "Capital social   7 500,00 EUR\n"
             "Adresse du siège   4 place Bellecour, 69002 Lyon\n\n"
             "Gérant\nNom, prénoms   GIRAUD Paul Henri\n"
             "Date et lieu de naissance   Le 12/12/1970 à Villeurbanne (Rhône)\n"
             "Nationalité   Française\nDomicile personnel   8 rue Garibaldi, 69006 Lyon\n"});
  auto e = ExtractEntities(pages, "kbis");
  ASSERT_EQ(e["companies"].size(), 1u);
  const auto& c = e["companies"][0];
  EXPECT_EQ(c["siren"], "552100554");
  EXPECT_EQ(c["rcs_city"], "Lyon");
  EXPECT_EQ(c["name"], "BOULANGERIE DU PARC");
  EXPECT_EQ(c["capital_eur"], 7500.0);
  EXPECT_EQ(c["address"], "4 place Bellecour, 69002 Lyon");
  EXPECT_EQ(Printed(pages, c["evidence"]["siren"]), "552 100 554");
  ASSERT_EQ(e["persons"].size(), 1u);
  const auto& p = e["persons"][0];
  EXPECT_EQ(p["title"], "Gérant");
  EXPECT_EQ(p["last_name"], "GIRAUD");
  EXPECT_EQ(p["first_names"], (nlohmann::json{"Paul", "Henri"}));
  EXPECT_EQ(p["birth_date"], "1970-12-12");
  EXPECT_EQ(p["birth_place"], "Villeurbanne");
  EXPECT_EQ(DateOf(e, "extrait")->at("value"), "2025-02-03");
  EXPECT_EQ(DateOf(e, "immatriculation")->at("value"), "2010-04-01");

  auto pages2 =
      Pages({"Extrait Kbis\nImmatriculation au RCS, numéro 831 234 567 R.C.S. Nanterre\n"
             "Dénomination sociale : ALPHA CONSEIL\nForme juridique : SAS\n\n"
             "Président\nNom, prénoms : LEROY Anne\n"});
  auto e2 = ExtractEntities(pages2, "kbis");
  EXPECT_EQ(e2["companies"][0]["rcs_city"], "Nanterre");
  EXPECT_EQ(e2["persons"][0]["title"], "Président");
  EXPECT_EQ(e2["persons"][0]["last_name"], "LEROY");
}

TEST(FormExtractors, LoanOfferCarriesTheDebitAccount) {
  auto pages =
      Pages({"OFFRE DE PRÊT IMMOBILIER\nLE PRÊTEUR\nBanque du Val, société anonyme\n"
             "Montant du prêt      120 000,00 EUR\n"
             "Compte de prélèvement (IBAN)      FR14 2004 1010 0505 0001 3M02 607\n"
             "BIC      PSSTFRPPBOR\n"});
  auto e = ExtractEntities(pages, "contrat");
  const auto& b = e["bank"];
  ASSERT_TRUE(b.is_object());
  // One digit off the valid vector: the check must see it as printed.
  EXPECT_EQ(b["iban"], "FR1420041010050500013M02607");
  EXPECT_EQ(b["bic"], "PSSTFRPPBOR");
  EXPECT_FALSE(b.contains("bank_name"));
}

TEST(FormExtractors, RibOfAnotherBankWithGroupedIban) {
  auto pages =
      Pages({"RELEVÉ D'IDENTITÉ BANCAIRE\nCaisse Régionale du Littoral\n"
             "Titulaire du compte\nM. FABRE JULIEN\n3 allée des Pins\n33000 BORDEAUX\n"
             "IBAN\nFR14 2004 1010 0505 0001 3M02 606\nBIC\nPSSTFRPPBOR\n"
             "Document édité le 02/02/2024\n"});
  auto e = ExtractEntities(pages, "rib");
  const auto& b = e["bank"];
  EXPECT_EQ(b["iban"], "FR1420041010050500013M02606");
  EXPECT_EQ(b["bic"], "PSSTFRPPBOR");
  EXPECT_EQ(b["holder"], "M. FABRE JULIEN");
  EXPECT_EQ(b["bank_name"], "Caisse Régionale du Littoral");
  EXPECT_EQ(Printed(pages, b["evidence"]["iban"]), "FR14 2004 1010 0505 0001 3M02 606");
  ASSERT_EQ(e["persons"].size(), 1u);
  EXPECT_EQ(e["persons"][0]["last_name"], "FABRE");
  EXPECT_EQ(e["persons"][0]["first_names"], (nlohmann::json{"JULIEN"}));
  EXPECT_EQ(e["persons"][0]["address"], "3 allée des Pins, 33000 BORDEAUX");
  EXPECT_EQ(DateOf(e, "edition")->at("value"), "2024-02-02");
}

TEST(FormExtractors, RibWithLabelsSpelledOutAndValuesInAColumn) {
  auto pages = Pages(
      {"RELEVÉ D'IDENTITÉ BANCAIRE\nTitulaire du compte                Domiciliation\n"
       "M. FABRE JULIEN                    Agence du Port\n"
       "IBAN (International Bank Account Number)             FR14 2004 1010 0505 0001 3M02 606\n"
       "BIC (Bank Identifier Code)                           BACOFRP2\n"
       "Ce relevé est destiné à être remis à vos créanciers.\n"});
  auto e = ExtractEntities(pages, "rib");
  const auto& b = e["bank"];
  EXPECT_EQ(b["iban"], "FR1420041010050500013M02606");
  EXPECT_EQ(b["bic"], "BACOFRP2");
  EXPECT_EQ(Printed(pages, b["evidence"]["bic"]), "BACOFRP2");
}

// A photographed RIB whose value column OCR reads after the footer: the BIC is the line below
// the IBAN holding nothing but a code of the IBAN's country; a capitalised word of that shape
// elsewhere is not taken.
TEST(FormExtractors, RibWithTheBicFarFromItsLabel) {
  auto pages =
      Pages({"RELEVÉ D'IDENTITÉ BANCAIRE\nTitulaire du compte\nMME KLEIN CLAIRE\n"
             "IBAN (International Bank Account Number)\n\n| BIC (Bank identifier Code)\n\n"
             "Ce relevé est destiné à être remis à vos créanciers.\nMONTANT EN CHIFFRES\n"
             "| FR14 2004 1010 0505 0001 3M02 606\n| BACOFRP2XXX\n"});
  auto e = ExtractEntities(pages, "rib");
  EXPECT_EQ(e["bank"]["bic"], "BACOFRP2XXX");
  EXPECT_EQ(Printed(pages, e["bank"]["evidence"]["bic"]), "BACOFRP2XXX");
  auto other =
      Pages({"RELEVÉ D'IDENTITÉ BANCAIRE\nCHIFFRES\nIBAN\n"
             "FR14 2004 1010 0505 0001 3M02 606\nBic (bank identifier code)\n"});
  EXPECT_FALSE(ExtractEntities(other, "rib")["bank"].contains("bic"))
      << ExtractEntities(other, "rib")["bank"].dump();
}

TEST(FormExtractors, RibOfAJointAccountNamesBothHolders) {
  // One surname and two first names, "OU" read "OÙ" by OCR.
  auto pages =
      Pages({"RELEVÉ D'IDENTITÉ BANCAIRE\nTitulaire du compte\n"
             "M OÙ MME SANCHEZ ALAIN OÙ DENISE\n"
             "IBAN\nFR14 2004 1010 0505 0001 3M02 606\n"});
  auto e = ExtractEntities(pages, "rib");
  ASSERT_EQ(e["persons"].size(), 2u) << e["persons"].dump();
  EXPECT_EQ(e["persons"][0]["last_name"], "SANCHEZ");
  EXPECT_EQ(e["persons"][0]["first_names"], (nlohmann::json{"ALAIN"}));
  EXPECT_EQ(e["persons"][0]["sex"], "M");
  EXPECT_EQ(e["persons"][1]["last_name"], "SANCHEZ");
  EXPECT_EQ(e["persons"][1]["first_names"], (nlohmann::json{"DENISE"}));
  EXPECT_EQ(e["persons"][1]["sex"], "F");
  EXPECT_EQ(Printed(pages, e["persons"][1]["evidence"]["first_names"]), "DENISE");
  EXPECT_EQ(e["bank"]["holder"], "M OU MME SANCHEZ ALAIN OU DENISE");
  EXPECT_EQ(Printed(pages, e["bank"]["evidence"]["holder"]), "M OÙ MME SANCHEZ ALAIN OÙ DENISE");

  // Two civilities, each with its own name.
  pages =
      Pages({"RIB\nTitulaire : M. DUPONT JEAN ET MME MARTIN ANNE\n"
             "IBAN FR14 2004 1010 0505 0001 3M02 606\n"});
  e = ExtractEntities(pages, "rib");
  ASSERT_EQ(e["persons"].size(), 2u) << e["persons"].dump();
  EXPECT_EQ(e["persons"][0]["last_name"], "DUPONT");
  EXPECT_EQ(e["persons"][1]["last_name"], "MARTIN");
  EXPECT_EQ(e["persons"][1]["first_names"], (nlohmann::json{"ANNE"}));

  // One holder stays one person.
  pages = Pages({"RIB\nTitulaire : M. FABRE JULIEN\nIBAN FR14 2004 1010 0505 0001 3M02 606\n"});
  e = ExtractEntities(pages, "rib");
  ASSERT_EQ(e["persons"].size(), 1u);
  EXPECT_EQ(e["persons"][0]["last_name"], "FABRE");
}

TEST(FormExtractors, TaxNoticeCouple) {
  auto pages =
      Pages({"AVIS D'IMPÔT 2024\nVos références      M. ROCHE PAUL ET MME ROCHE ANNE\n"
             "Numéro fiscal déclarant 1 : 12 34 567 890 123     5 RUE DU MOULIN\n"
             "Numéro fiscal déclarant 2 : 98 76 543 210 987     35000 RENNES\n"
             "Revenu fiscal de référence     48 200 €\nMontant de votre impôt    2 310 €\n"
             "Date de mise en recouvrement    31/07/2024\n"});
  auto e = ExtractEntities(pages, "avis_imposition");
  ASSERT_EQ(e["persons"].size(), 2u);
  EXPECT_EQ(e["persons"][0]["last_name"], "ROCHE");
  EXPECT_EQ(e["persons"][0]["first_names"], (nlohmann::json{"PAUL"}));
  EXPECT_EQ(e["persons"][0]["fiscal_number"], "1234567890123");
  EXPECT_EQ(e["persons"][1]["fiscal_number"], "9876543210987");
  EXPECT_EQ(e["persons"][1]["sex"], "F");
  EXPECT_EQ(e["persons"][0]["address"], "5 RUE DU MOULIN, 35000 RENNES");
  EXPECT_EQ(Printed(pages, e["persons"][0]["evidence"]["fiscal_number"]), "12 34 567 890 123");
  ASSERT_EQ(e["amounts"].size(), 2u);
  EXPECT_EQ(e["amounts"][0]["value"], 48200.0);
  EXPECT_EQ(e["amounts"][1]["value"], 2310.0);
}

TEST(FormExtractors, Dpe) {
  auto pages =
      Pages({"N° ADEME   2369E1234567X\nÉtabli le   15/03/2023\nValable jusqu'au   14/03/2033\n"
             "Type de bien   Maison\nSurface habitable   92,50 m²\n"
             "Adresse   7 rue Nationale, 37000 Tours\nPropriétaire   DUVAL Marc\n"
             "Consommation (énergie primaire)\n E 312 kWh/m²/an\n"
             "Émissions\n D 48 kg CO2/m²/an\n"});
  auto e = ExtractEntities(pages, "dpe");
  const auto& d = e["dpe"];
  EXPECT_EQ(d["number"], "2369E1234567X");
  EXPECT_EQ(d["energy_class"], "E");
  EXPECT_EQ(d["ghg_class"], "D");
  EXPECT_EQ(d["energy_kwh_m2_year"], 312.0);
  EXPECT_EQ(d["ghg_kg_m2_year"], 48.0);
  const auto& p = e["properties"][0];
  EXPECT_EQ(p["address"], "7 rue Nationale");
  EXPECT_EQ(p["postal_code"], "37000");
  EXPECT_EQ(p["city"], "Tours");
  EXPECT_EQ(p["insee_code"], "37261");
  EXPECT_EQ(p["kind"], "maison");
  EXPECT_EQ(p["surface_m2"], 92.5);
  EXPECT_EQ(e["persons"][0]["role"], "proprietaire");
  EXPECT_EQ(DateOf(e, "validite")->at("value"), "2033-03-14");
}

TEST(FormExtractors, ElectricityAndWaterBills) {
  auto pages =
      Pages({"Énergie du Val\nM. PIERRE MOREL\n2 rue Haute\n21000 DIJON\n"
             "Facture du 5 mars 2024\nTitulaire du contrat : M. Pierre MOREL\n"
             "Adresse de consommation : 2 rue Haute, 21000 DIJON\n"
             "Montant total TTC : 87,40 € prélevé le 20/03/2024\n"});
  auto e = ExtractEntities(pages, "justificatif_domicile");
  EXPECT_EQ(e["companies"][0]["name"], "Énergie du Val");
  EXPECT_EQ(e["persons"][0]["last_name"], "MOREL");
  EXPECT_EQ(e["persons"][0]["first_names"], (nlohmann::json{"Pierre"}));
  EXPECT_EQ(e["persons"][0]["address"], "2 rue Haute, 21000 DIJON");
  EXPECT_EQ(e["amounts"][0]["value"], 87.40);
  EXPECT_EQ(Printed(pages, e["amounts"][0]["evidence"]), "87,40 €");
  EXPECT_EQ(DateOf(e, "facture")->at("value"), "2024-03-05");
  EXPECT_EQ(DateOf(e, "echeance")->at("value"), "2024-03-20");

  auto water =
      Pages({"Régie des Eaux de la Vallée\nMadame Julie PETIT\n18 avenue Foch\n54000 NANCY\n"
             "Date de facture : 12/10/2023\nTotal à payer 63,12 €\n"
             "Date limite de paiement : 30/10/2023\n"});
  auto w = ExtractEntities(water, "justificatif_domicile");
  EXPECT_EQ(w["companies"][0]["name"], "Régie des Eaux de la Vallée");
  EXPECT_EQ(w["persons"][0]["last_name"], "PETIT");
  EXPECT_EQ(w["persons"][0]["sex"], "F");
  EXPECT_EQ(w["amounts"][0]["value"], 63.12);
  EXPECT_EQ(DateOf(w, "echeance")->at("value"), "2023-10-30");
}

TEST(FormExtractors, LetterSenderAndNothingGuessedOnARecipe) {
  auto letter =
      Pages({"Madame Sophie RENARD\n4 impasse du Lac, 74000 ANNECY\n\n"
             "Annecy, le 2 mai 2024\n\nObjet : résiliation\n"});
  auto e = ExtractEntities(letter, "autre");
  EXPECT_EQ(e["persons"][0]["role"], "expediteur");
  EXPECT_EQ(e["persons"][0]["last_name"], "RENARD");
  EXPECT_EQ(DateOf(e, "document")->at("value"), "2024-05-02");
  auto recipe = Pages({"Tarte aux pommes\nPour 6 personnes : 6 pommes, 100 g de sucre.\n"});
  auto r = ExtractEntities(recipe, "autre");
  EXPECT_TRUE(r["persons"].empty());
  EXPECT_TRUE(r["dates"].empty());
}

}  // namespace
}  // namespace notaria::analyze
