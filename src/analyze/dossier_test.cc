#include "analyze/dossier.h"

#include <gtest/gtest.h>

namespace notaria::analyze {
namespace {

using nlohmann::json;

DossierMember Member(const std::string& id, const std::string& type, json entities,
                     const std::string& status = "done") {
  DossierMember m;
  m.document_id = id;
  m.filename = id + ".pdf";
  m.status = status;
  m.document_type = type;
  m.entities = std::move(entities);
  return m;
}

json Person(const std::string& role, const std::string& last, const std::string& first,
            const std::string& birth = "", const std::string& birth_name = "",
            const std::string& address = "") {
  json p = {{"role", role}, {"last_name", last}, {"first_names", {first}}};
  if (!birth.empty()) p["birth_date"] = birth;
  if (!birth_name.empty()) p["birth_name"] = birth_name;
  if (!address.empty()) p["address"] = address;
  return p;
}

json IdCard(json holder, const std::string& surname) {
  return {{"persons", {holder}},
          {"identity_document",
           {{"surname", surname},
            {"given_names", holder["first_names"]},
            {"birth_date", holder.value("birth_date", "")}}}};
}

std::vector<std::string> Codes(const json& analysis) {
  std::vector<std::string> out;
  for (const auto& f : analysis["findings"]) out.push_back(f["code"]);
  return out;
}

std::vector<std::string> Missing(const json& analysis) {
  std::vector<std::string> out;
  for (const auto& c : analysis["checklist"]) {
    if (c["status"] == "missing")
      out.push_back(c["piece"].get<std::string>() + ":" + c["label"].get<std::string>());
  }
  return out;
}

// A sale in another office's style: the wife is named by her married name with "épouse"
// in the deed and by her birth name on her card, which has a transposed letter.
TEST(AnalyzeDossierTest, MisspelledBirthNameOnTheIdCardIsReportedOnce) {
  json deed = {{"persons",
                {Person("vendeur", "Martin", "Paul", "1960-01-02"),
                 Person("vendeur", "MARTIN", "Jeanne", "1962-03-04", "Lefèvre")}},
               {"dates", {{{"kind", "acte"}, {"value", "2025-03-01"}}}},
               {"properties", {{{"kind", "maison"}, {"address", "3 rue des Lilas"}}}}};
  std::vector<DossierMember> members = {
      Member("deed", "acte_vente", deed),
      Member("id1", "cni", IdCard(Person("titulaire", "MARTIN", "PAUL", "1960-01-02"), "MARTIN")),
      Member("id2", "passeport",
             IdCard(Person("titulaire", "LEFEVRE", "JEANNE", "1962-03-04"), "LEFEVER")),
      Member("dpe", "dpe", {{"properties", {{{"address", "3 rue des Lilas"}}}}}),
      Member("rib", "rib", {{"bank", {{"holder", "M OU MME MARTIN PAUL"}}}})};
  json a = AnalyzeDossier("dos_1", InferDossierType(members), members);
  EXPECT_EQ(a["dossier_type"], "vente");
  EXPECT_EQ(a["reference_date"], "2025-03-01");
  EXPECT_EQ(a["all_documents_analysed"], true);
  ASSERT_EQ(Codes(a), std::vector<std::string>{"name_mismatch_across_documents"});
  const json& f = a["findings"][0];
  EXPECT_EQ(f["details"]["document_value"], "LEFEVER");
  EXPECT_EQ(f["details"]["deed_value"], "Lefèvre");
  EXPECT_EQ(f["details"]["person_role"], "vendeur");
  EXPECT_EQ(f["documents"], json({"deed", "id2"}));
  EXPECT_TRUE(Missing(a).empty());
}

// An expired DPE is there, but the checklist says what is wrong with it.
TEST(AnalyzeDossierTest, APresentPieceCarriesTheAlertsOfItsDocument) {
  json deed = {{"persons", {Person("acquereur", "Durand", "Luc", "1990-05-06")}},
               {"dates", {{{"kind", "signature"}, {"value", "2025-01-10"}}}}};
  DossierMember dpe = Member("dpe", "dpe", json::object());
  dpe.findings =
      json::array({{{"code", "dpe_expired"}, {"severity", "warning"}, {"message", "DPE périmé."}},
                   {{"code", "note"}, {"severity", "info"}, {"message", "Une information."}}});
  std::vector<DossierMember> members = {
      Member("p", "compromis_vente", deed),
      Member("id", "cni", IdCard(Person("titulaire", "DURAND", "LUC", "1990-05-06"), "DURAND")),
      dpe};
  json a = AnalyzeDossier("d", "vente", members);
  bool seen = false;
  for (const json& c : a["checklist"]) {
    if (c["piece"] != "dpe") {
      EXPECT_TRUE(c["alerts"].empty()) << c.dump();
      continue;
    }
    seen = true;
    EXPECT_EQ(c["status"], "present");
    ASSERT_EQ(c["alerts"].size(), 1u) << c.dump();  // the information is not an alert
    EXPECT_EQ(c["alerts"][0]["code"], "dpe_expired");
    EXPECT_EQ(c["alerts"][0]["document_id"], "dpe");
    EXPECT_EQ(c["alerts"][0]["message"], "DPE périmé.");
  }
  EXPECT_TRUE(seen) << a["checklist"].dump();
}

// The card that contradicts the deed is there but not usable as is: its piece is « à
// vérifier » with the cross-document finding, and only the piece it was read in.
TEST(AnalyzeDossierTest, APieceContradictingTheDeedCarriesTheCrossDocumentFinding) {
  json deed = {{"persons",
                {Person("vendeur", "SANCHEZ", "Denise", "1981-12-05", "GAUTIER"),
                 Person("acquereur", "Durand", "Luc", "1990-05-06")}},
               {"dates", {{{"kind", "acte"}, {"value", "2025-03-01"}}}}};
  json card = IdCard(Person("titulaire", "SANCHEZ", "DENISE", "1981-12-05", "GAUTEIR"), "GAUTEIR");
  card["persons"][0]["evidence"] = {{"birth_name", {{"page", 1}, {"start", 101}, {"end", 108}}}};
  std::vector<DossierMember> members = {
      Member("deed", "acte_vente", deed), Member("id1", "cni", card),
      Member("id2", "cni", IdCard(Person("titulaire", "DURAND", "LUC", "1990-05-06"), "DURAND"))};
  json a = AnalyzeDossier("d", "vente", members);
  ASSERT_EQ(Codes(a), std::vector<std::string>{"name_mismatch_across_documents"});
  EXPECT_EQ(a["findings"][0]["evidence"],
            json({{{"page", 1}, {"start", 101}, {"end", 108}, {"document_id", "id1"}}}));
  int flagged = 0;
  for (const json& c : a["checklist"]) {
    if (c["alerts"].empty()) continue;
    ++flagged;
    EXPECT_EQ(c["status"], "present") << c.dump();
    EXPECT_EQ(c["documents"], json({"id1"})) << c.dump();
    ASSERT_EQ(c["alerts"].size(), 1u) << c.dump();
    EXPECT_EQ(c["alerts"][0]["code"], "name_mismatch_across_documents");
    EXPECT_EQ(c["alerts"][0]["document_id"], "id1");
  }
  EXPECT_EQ(flagged, 1) << a["checklist"].dump();
}

TEST(AnalyzeDossierTest, AccentsCaseAndCompoundNamesAreTheSameName) {
  json deed = {{"persons", {Person("acquereur", "Le Gall-Hervé", "Anaïs", "1990-05-06")}},
               {"dates", {{{"kind", "signature"}, {"value", "2025-01-10"}}}}};
  std::vector<DossierMember> members = {
      Member("p", "compromis_vente", deed),
      Member("id", "cni",
             IdCard(Person("titulaire", "LE GALL HERVE", "ANAIS", "1990-05-06"), "LE GALL")),
      Member("dpe", "dpe", json::object())};
  json a = AnalyzeDossier("d", "vente", members);
  EXPECT_TRUE(Codes(a).empty()) << a["findings"].dump();
  EXPECT_TRUE(Missing(a).empty()) << a["checklist"].dump();  // no RIB asked for a promise
}

TEST(AnalyzeDossierTest, EveryPartyNeedsAnIdAndEveryCompanyAKbis) {
  json rose = Person("vendeur", "DURAND", "Rose", "1953-02-02", "PETIT");
  rose["sex"] = "F";
  json deed = {
      {"persons",
       {Person("vendeur", "DURAND", "Luc", "1950-01-01"), rose,
        Person("mandataire", "CLERC", "Anne"), Person("representant", "NOEL", "Marc")}},
      {"companies", {{{"role", "acquereur"}, {"name", "SCI DES PINS"}, {"siren", "123 456 789"}}}}};
  std::vector<DossierMember> members = {
      Member("deed", "acte_vente", deed),
      Member("id", "cni", IdCard(Person("titulaire", "DURAND", "LUC", "1950-01-01"), "DURAND")),
      Member("kbis", "kbis",
             {{"companies", {{{"role", "societe"}, {"name", "DES PINS"}, {"siren", "123456789"}}}},
              {"persons", {Person("dirigeant", "NOËL", "Marc")}}})};
  json a = AnalyzeDossier("d", "vente", members);
  auto missing = Missing(a);
  ASSERT_EQ(missing.size(), 4u) << a["checklist"].dump();
  EXPECT_EQ(missing[0],
            "cni:Pièce d'identité (CNI ou passeport) de Rose DURAND née PETIT (venderesse)");
  EXPECT_EQ(missing[1].rfind("cni:", 0), 0u);  // the representative signs too
  EXPECT_NE(missing[1].find("NOEL"), std::string::npos);
  EXPECT_EQ(missing[2], "dpe:Diagnostic de performance énergétique du bien");
  EXPECT_EQ(missing[3], "rib:RIB du vendeur (versement du prix)");
  // The clerk acting under a power of attorney is not asked for an ID; the Kbis matches by
  // SIREN whatever the spacing, and lists the representative.
  EXPECT_TRUE(Codes(a).empty()) << a["findings"].dump();
  // Parties: the three who sign, the buying company with its Kbis; a birth date the deed
  // does not print comes from the ID document.
  ASSERT_EQ(a["parties"].size(), 4u) << a["parties"].dump();
  EXPECT_EQ(a["parties"][0]["kind"], "person");
  EXPECT_EQ(a["parties"][3]["kind"], "company");
  EXPECT_EQ(a["parties"][3]["name"], "SCI DES PINS");
  EXPECT_EQ(a["parties"][3]["siren"], "123456789");
  EXPECT_EQ(a["parties"][3]["identity_documents"], (json{"kbis"}));
  // Roles as the checklist words them, in the feminine for a woman.
  EXPECT_EQ(a["parties"][0]["role_label"], "vendeur");
  EXPECT_EQ(a["parties"][1]["role_label"], "venderesse");
  EXPECT_EQ(a["parties"][3]["role_label"], "acquéreur");
}

TEST(AnalyzeDossierTest, BirthDateOfASignerComesFromTheirIdWhenTheDeedOmitsIt) {
  json deed = {{"persons", {Person("vendeur", "BLANCHARD", "Daniel")}}};
  std::vector<DossierMember> members = {
      Member("deed", "acte_vente", deed),
      Member("id", "cni",
             IdCard(Person("titulaire", "BLANCHARD", "DANIEL", "1969-05-26"), "BLANCHARD"))};
  json a = AnalyzeDossier("d", "vente", members);
  ASSERT_EQ(a["parties"].size(), 1u);
  EXPECT_EQ(a["parties"][0]["birth_date"], "1969-05-26");
  EXPECT_EQ(a["parties"][0]["identity_documents"], (json{"id"}));
}

TEST(AnalyzeDossierTest, ProofOfAddressElsewhereIsAMismatchButOcrSlipsAreNot) {
  json clement = Person("acquereur", "Clément", "Jean", "1983-04-19", "",
                        "30 avenue Foch, 40000 Mont-de-Marsan");
  clement["evidence"] = {{"address", {{"page", 1}, {"start", 200}, {"end", 236}}}};
  json bill_holder =
      Person("titulaire", "CLEMENT", "Jean", "", "", "82 rue des Tanneurs, 13500 MARTIGUES");
  bill_holder["evidence"] = {{"address", {{"page", 1}, {"start", 40}, {"end", 76}}}};
  json deed = {{"persons",
                {clement, Person("acquereur", "Roux", "Lise", "1985-01-01", "",
                                 "12 bis rue de la Gare, 69003 Lyon")}}};
  std::vector<DossierMember> members = {
      Member("deed", "compromis_vente", deed),
      Member("bill", "justificatif_domicile", {{"persons", {bill_holder}}}),
      Member("tax", "avis_imposition",
             {{"persons",
               {Person("contribuable", "ROUX", "LISE", "", "",
                       "12 B1S RUE DE LA GARE 69003 LYON")}}})};
  json a = AnalyzeDossier("d", "vente", members);
  auto codes = Codes(a);
  ASSERT_EQ(std::count(codes.begin(), codes.end(), "address_mismatch_across_documents"), 1)
      << a["findings"].dump();
  for (const auto& f : a["findings"]) {
    if (f["code"] == "address_mismatch_across_documents") {
      EXPECT_EQ(f["documents"], json({"bill", "deed"}));
      // Both passages, the piece's then the deed's, so that both can be opened.
      ASSERT_EQ(f["evidence"].size(), 2u);
      EXPECT_EQ(f["evidence"][0]["document_id"], "bill");
      EXPECT_EQ(f["evidence"][1]["document_id"], "deed");
      EXPECT_EQ(f["evidence"][1]["start"], 200);
    }
  }
}

TEST(AnalyzeDossierTest, RelativesWithTheSameSurnameAreDifferentPersons) {
  json deed = {{"persons",
                {Person("vendeur", "GAUTIER", "Antoine", "1957-07-30"),
                 Person("vendeur", "GAUTIER", "Louise", "1980-04-17", "MEYER")}}};
  std::vector<DossierMember> members = {
      Member("deed", "compromis_vente", deed),
      Member("id", "cni",
             IdCard(Person("titulaire", "GAUTIER", "ANTOINE", "1957-07-30"), "GAUTIER"))};
  json a = AnalyzeDossier("d", "vente", members);
  EXPECT_TRUE(Codes(a).empty()) << a["findings"].dump();
  auto missing = Missing(a);
  ASSERT_GE(missing.size(), 1u);
  EXPECT_EQ(missing[0],
            "cni:Pièce d'identité (CNI ou passeport) de Louise GAUTIER née MEYER (vendeur)");
}

TEST(AnalyzeDossierTest, WrongBirthDateOnTheIdIsCritical) {
  json deed = {{"persons", {Person("donataire", "BERNARD", "Léa", "2001-09-10")}}};
  std::vector<DossierMember> members = {
      Member("deed", "donation", deed),
      Member("id", "cni", IdCard(Person("titulaire", "BERNARD", "LEA", "2001-10-09"), "BERNARD"))};
  json a = AnalyzeDossier("d", InferDossierType(members), members);
  EXPECT_EQ(a["dossier_type"], "donation");
  ASSERT_EQ(Codes(a), std::vector<std::string>{"birth_date_mismatch_across_documents"});
  EXPECT_EQ(a["findings"][0]["severity"], "critical");
  EXPECT_TRUE(Missing(a).empty()) << a["checklist"].dump();  // no DPE for a gift
}

TEST(AnalyzeDossierTest, PromiseAndDeedMustAgreeOnPriceParcelsAndLots) {
  auto sale = [](double price, const std::string& number, const std::string& lot) {
    return json{{"amounts", {{{"kind", "prix"}, {"value", price}}}},
                {"properties",
                 {{{"cadastre", {{{"section", "0A"}, {"number", number}}}},
                   {"lots", {{{"number", lot}}}}}}}};
  };
  std::vector<DossierMember> same = {Member("deed", "acte_vente", sale(250000, "0075", "12")),
                                     Member("p", "compromis_vente", sale(250000, "75", "12"))};
  EXPECT_TRUE(Codes(AnalyzeDossier("d", "vente", same)).empty());
  std::vector<DossierMember> differ = {Member("deed", "acte_vente", sale(245000, "76", "13")),
                                       Member("p", "compromis_vente", sale(250000, "75", "12"))};
  EXPECT_EQ(Codes(AnalyzeDossier("d", "vente", differ)),
            (std::vector<std::string>{"price_mismatch_across_documents",
                                      "cadastre_mismatch_across_documents",
                                      "lots_mismatch_across_documents"}));
}

TEST(AnalyzeDossierTest, RibOfSomeoneElseAndUnfinishedDocuments) {
  json deed = {{"persons", {Person("vendeur", "ROBERT", "Yves", "1955-05-05")}}};
  std::vector<DossierMember> members = {
      Member("deed", "acte_vente", deed),
      Member("rib", "rib", {{"bank", {{"holder", "M THOMAS KEVIN"}}}}),
      Member("scan", "", json::object(), "processing"),
      Member("bad", "", json::object(), "failed")};
  members[3].error_code = "CORRUPT_FILE";
  json a = AnalyzeDossier("d", "vente", members);
  EXPECT_EQ(a["all_documents_analysed"], false);
  auto codes = Codes(a);
  EXPECT_NE(std::find(codes.begin(), codes.end(), "rib_holder_not_seller"), codes.end());
  EXPECT_NE(std::find(codes.begin(), codes.end(), "document_unreadable"), codes.end());
}

TEST(AnalyzeDossierTest, AStrangersRibInAPromiseDossierIsQuestioned) {
  json promise = {{"persons",
                   {Person("vendeur", "ROBERT", "Yves", "1955-05-05"),
                    Person("acquereur", "LEROY", "Anne", "1980-02-03")}}};
  auto with_rib = [&](const std::string& holder) {
    json bank = {{"holder", holder},
                 {"evidence", {{"holder", {{"page", 1}, {"start", 10}, {"end", 30}}}}}};
    return std::vector<DossierMember>{Member("p", "compromis_vente", promise),
                                      Member("rib", "rib", {{"bank", bank}})};
  };
  // The buyer's RIB (the deposit's refund) is expected at this stage; a stranger's is not.
  EXPECT_TRUE(Codes(AnalyzeDossier("d", "vente", with_rib("MME LEROY ANNE"))).empty());
  json a = AnalyzeDossier("d", "vente", with_rib("M THOMAS KEVIN"));
  ASSERT_EQ(Codes(a), std::vector<std::string>{"rib_holder_not_party"});
  EXPECT_EQ(a["findings"][0]["severity"], "warning");
  EXPECT_NE(a["findings"][0]["message"].get<std::string>().find("M THOMAS KEVIN"),
            std::string::npos);
  EXPECT_EQ(a["findings"][0]["evidence"][0]["document_id"], "rib");
  EXPECT_EQ(a["findings"][0]["evidence"][0]["start"], 10);
}

TEST(AnalyzeDossierTest, TheOperationIsWhatTheMainDeedSaysWithItsPassages) {
  json span = {{"page", 2}, {"start", 100}, {"end", 120}};
  json deed = {
      {"dates",
       {{{"kind", "signature"}, {"value", "2024-03-01"}},
        {{"kind", "acte"}, {"value", "2024-03-12"}, {"evidence", span}}}},
      {"amounts",
       {{{"kind", "frais"}, {"value", 9000.0}},
        {{"kind", "prix"}, {"value", 196000.0}, {"currency", "EUR"}, {"evidence", span}}}},
      {"properties",
       {{{"kind", "appartement"},
         {"address", "12 rue des Lilas"},
         {"postal_code", "94000"},
         {"city", "Créteil"},
         {"cadastre", {{{"section", "AB"}, {"number", "123"}, {"evidence", {{"number", span}}}}}},
         {"lots", {{{"number", "12"}}, {{"number", "40"}}}},
         {"evidence", {{"address", span}, {"city", span}}}}}}};
  // The promise is not the main deed when the deed itself is there.
  json promise = {{"amounts", {{{"kind", "prix"}, {"value", 190000.0}}}}};
  std::vector<DossierMember> members = {Member("p", "compromis_vente", promise),
                                        Member("deed", "acte_vente", deed)};
  json op = AnalyzeDossier("d", "vente", members)["operation"];
  EXPECT_EQ(op["document_id"], "deed");
  EXPECT_EQ(op["filename"], "deed.pdf");
  EXPECT_EQ(op["date"]["value"], "2024-03-12");  // the deed's date before its signature
  EXPECT_EQ(op["date"]["evidence"][0]["document_id"], "deed");
  EXPECT_EQ(op["price"]["value"], 196000.0);
  EXPECT_EQ(op["price"]["evidence"][0]["start"], 100);
  ASSERT_EQ(op["properties"].size(), 1u);
  const json& p = op["properties"][0];
  EXPECT_EQ(p["city"], "Créteil");
  EXPECT_EQ(p["cadastre"], json({"AB 123"}));
  EXPECT_EQ(p["lots"], 2);
  EXPECT_EQ(p["evidence"].size(), 3u);  // address, city, parcel number
  EXPECT_EQ(p["evidence"][2]["document_id"], "deed");
  // Without a deed there is no operation; a deed that gave nothing gives nulls, not guesses.
  EXPECT_TRUE(
      AnalyzeDossier("d", "autre", {Member("r", "rib", json::object())})["operation"].is_null());
  json bare = AnalyzeDossier("d", "vente", {Member("deed", "acte_vente", json::object())});
  EXPECT_TRUE(bare["operation"]["price"].is_null());
  EXPECT_TRUE(bare["operation"]["date"].is_null());
  EXPECT_TRUE(bare["operation"]["properties"].empty());
}

TEST(AnalyzeDossierTest, ARegisterCheckOfTheSamePersonFromTwoDocumentsIsListedOnce) {
  auto check = [](const std::string& source, const std::string& subject) {
    return json{{"source", source}, {"status", "ok"}, {"subject", subject}};
  };
  DossierMember deed = Member("deed", "acte_vente", json::object());
  deed.verifications = {check("gel_avoirs", "Louise GAUTIER"), check("sirene", "552100554")};
  DossierMember id = Member("id", "cni", json::object());
  id.verifications = {check("gel_avoirs", "GAUTIER Louise"), check("gel_avoirs", "Hélène GAUTIER"),
                      check("sirene", "732829320")};
  json v = AnalyzeDossier("d", "vente", {deed, id})["verifications"];
  std::vector<std::string> subjects;
  for (const auto& x : v) subjects.push_back(x["subject"]);
  EXPECT_EQ(subjects, (std::vector<std::string>{"Louise GAUTIER", "552100554", "Hélène GAUTIER",
                                                "732829320"}));
}

TEST(AnalyzeDossierTest, ADeedAndAKbisOfAnotherTransactionAreQuestioned) {
  json deed = {
      {"persons", {Person("vendeur", "KLEIN", "Marc"), Person("acquereur", "GUERIN", "Alain")}},
      {"properties", {{{"cadastre", {{{"section", "AB"}, {"number", "12"}}}}}}}};
  json other = {
      {"persons", {Person("vendeur", "ROUX", "Pauline"), Person("acquereur", "MEYER", "Luc")}},
      {"properties", {{{"cadastre", {{{"section", "ZC"}, {"number", "7"}}}}}}}};
  json kbis = {{"companies", {{{"name", "SCI LA AZUR"}, {"siren", "552100554"}}}},
               {"persons", {Person("dirigeant", "SANCHEZ", "Alain")}}};
  std::vector<DossierMember> members = {Member("deed", "acte_vente", deed),
                                        Member("other", "acte_vente", other),
                                        Member("kbis", "kbis", kbis)};
  json a = AnalyzeDossier("d", "vente", members);
  EXPECT_EQ(Codes(a), (std::vector<std::string>{"deed_of_another_transaction", "kbis_not_party"}));
  // The stray pieces alone are named: the dossier's own deed is not to be removed.
  EXPECT_EQ(a["findings"][0]["documents"], json({"other"}));
  EXPECT_EQ(a["findings"][1]["documents"], json({"kbis"}));
  for (const auto& c : a["checklist"]) {
    if (c["piece"] == "acte_vente") {
      EXPECT_EQ(c["documents"], json({"deed"}));
      EXPECT_TRUE(c["alerts"].empty()) << c.dump();
    }
  }
  // The other deed's parties are not this dossier's: no ID card is asked for them.
  for (const auto& m : Missing(a)) {
    EXPECT_EQ(m.find("ROUX"), std::string::npos) << m;
    EXPECT_EQ(m.find("MEYER"), std::string::npos) << m;
  }
  // The promise of the same sale (a party and the parcel in common), and the Kbis of a company
  // whose director signs the deed, belong here.
  json promise = {{"persons", {Person("vendeur", "KLEIN", "Marc")}},
                  {"properties", {{{"cadastre", {{{"section", "AB"}, {"number", "0012"}}}}}}}};
  deed["persons"].push_back(Person("representant", "SANCHEZ", "Alain"));
  std::vector<DossierMember> same = {Member("deed", "acte_vente", deed),
                                     Member("p", "compromis_vente", promise),
                                     Member("kbis", "kbis", kbis)};
  EXPECT_TRUE(Codes(AnalyzeDossier("d", "vente", same)).empty())
      << AnalyzeDossier("d", "vente", same)["findings"].dump();
}

// The sale deed of another file dropped beside a promise and its pieces: the promise is what
// the dossier is about, because its pieces say so, although a deed usually outranks a promise.
TEST(AnalyzeDossierTest, TheMainDeedIsTheOneThePiecesSupport) {
  json promise = {{"persons",
                   {Person("vendeur", "GAUTIER", "Antoine", "1957-07-30"),
                    Person("acquereur", "CLEMENT", "Jean-Baptiste", "1980-01-02")}},
                  {"amounts", {{{"kind", "prix"}, {"value", 286000.0}}}},
                  {"properties",
                   {{{"city", "Reims"}, {"cadastre", {{{"section", "B"}, {"number", "1331"}}}}}}}};
  json stray = {
      {"persons", {Person("vendeur", "DA SILVA", "René"), Person("acquereur", "ROBERT", "Hugo")}},
      {"amounts", {{{"kind", "prix"}, {"value", 378000.0}}}},
      {"properties", {{{"city", "Dijon"}, {"cadastre", {{{"section", "AS"}, {"number", "25"}}}}}}}};
  std::vector<DossierMember> members = {
      Member("promise", "compromis_vente", promise), Member("stray", "acte_vente", stray),
      Member("id", "cni",
             IdCard(Person("titulaire", "GAUTIER", "Antoine", "1957-07-30"), "GAUTIER")),
      Member("pass", "passeport",
             IdCard(Person("titulaire", "CLEMENT", "Jean-Baptiste", "1980-01-02"), "CLEMENT"))};
  json a = AnalyzeDossier("d", InferDossierType(members), members);
  EXPECT_EQ(a["operation"]["document_id"], "promise");
  // The pieces are judged at the promise's date, not at the stray deed's.
  members[0].entities["dates"] = {{{"kind", "signature"}, {"value", "2025-02-14"}}};
  members[1].entities["dates"] = {{{"kind", "acte"}, {"value", "2023-02-07"}}};
  ASSERT_TRUE(DossierReference(members).has_value());
  EXPECT_EQ(DossierReference(members)->Iso(), "2025-02-14");
  EXPECT_EQ(a["operation"]["price"]["value"], 286000.0);
  ASSERT_EQ(Codes(a), std::vector<std::string>{"deed_of_another_transaction"});
  EXPECT_EQ(a["findings"][0]["documents"], json({"stray"}));
  // Nothing is asked for the stray deed's parties; the labels elide before a vowel.
  EXPECT_EQ(Missing(a),
            std::vector<std::string>{"dpe:Diagnostic de performance énergétique du bien"});
  EXPECT_EQ(a["checklist"][1]["label"],
            "Pièce d'identité (CNI ou passeport) d'Antoine GAUTIER (vendeur)");
}

TEST(AnalyzeDossierTest, NothingReadNothingRaised) {
  std::vector<DossierMember> members = {Member("a", "autre", json::object()),
                                        Member("b", "cni", json())};
  json a = AnalyzeDossier("d", InferDossierType(members), members);
  EXPECT_EQ(a["dossier_type"], "autre");
  EXPECT_TRUE(a["findings"].empty());
  EXPECT_TRUE(a["checklist"].empty());
  EXPECT_TRUE(a["reference_date"].is_null());
}

}  // namespace
}  // namespace notaria::analyze
