#include "analyze/synthesis_dossier.h"

#include <gtest/gtest.h>

namespace notaria::analyze {
namespace {

using nlohmann::json;

json SaleDossier() {
  return json::parse(R"J({
    "dossier_id": "DOS-1", "dossier_type": "vente", "reference_date": "2025-02-14",
    "all_documents_analysed": true,
    "documents": [
      {"document_id": "d1", "filename": "acte.pdf", "document_type": "acte_vente",
       "status": "done", "score": 0.91, "findings": []},
      {"document_id": "d2", "filename": "cni_gautier.pdf", "document_type": "cni",
       "status": "done", "score": 0.88, "findings": []},
      {"document_id": "d3", "filename": "cni_dupont.pdf", "document_type": "cni",
       "status": "done", "score": 0.86, "findings": []}],
    "parties": [{"name": "Louise GAUTIER", "role": "vendeur"},
                {"name": "Marc DUPONT", "role": "acquereur"}],
    "findings": [],
    "checklist": [
      {"piece": "acte_vente", "label": "Acte de vente ou compromis", "status": "present",
       "documents": ["d1"]},
      {"piece": "cni", "label": "Pièce d'identité de Louise GAUTIER (venderesse)",
       "status": "present", "documents": ["d2"]},
      {"piece": "cni", "label": "Pièce d'identité de Marc DUPONT (acquéreur)",
       "status": "present", "documents": ["d3"]}],
    "verifications": [
      {"source": "cadastre", "status": "ok", "subject": "AB 123", "message": "", "details": {}},
      {"source": "gel_avoirs", "status": "ok", "subject": "Louise GAUTIER", "message": "",
       "details": {}}]
})J");
}

TEST(SynthesizeDossier, CleanDossier) {
  json s = SynthesizeDossier(SaleDossier());
  EXPECT_EQ(s["summary"],
            "Dossier de vente de 3 documents : Acte de vente (1), Carte nationale d'identité "
            "(2). Parties : Louise GAUTIER (vendeur), Marc DUPONT (acquéreur). Tous les "
            "documents sont analysés. Contrôles croisés : aucune anomalie. Toutes les pièces "
            "attendues sont présentes. Registres officiels : 2 vérifications conformes.");
  EXPECT_EQ(s["recommendations"], json::array());
  EXPECT_EQ(s["generated_by"], "rules");
  EXPECT_EQ(SynthesizeDossier(SaleDossier()), s);  // deterministic
}

TEST(SynthesizeDossier, MissingPieceIsAskedOnce) {
  json d = SaleDossier();
  d["documents"].erase(2);
  d["checklist"][2]["status"] = "missing";
  d["checklist"][2]["documents"] = json::array();
  d["findings"].push_back({{"code", "missing_document:cni"},
                           {"severity", "critical"},
                           {"message", "Pièce d'identité manquante."},
                           {"documents", json::array()},
                           {"details", json::object()}});
  json s = SynthesizeDossier(d);
  std::string summary = s["summary"];
  EXPECT_NE(summary.find("Contrôles croisés : 1 anomalie critique."), std::string::npos) << summary;
  EXPECT_NE(summary.find("Pièces manquantes : 1 sur 3."), std::string::npos) << summary;
  EXPECT_EQ(s["recommendations"],
            json({"Demander au client : Pièce d'identité de Marc DUPONT (acquéreur)."}));
}

TEST(SynthesizeDossier, MismatchesSayWhatToCheckAndAskFor) {
  json d = SaleDossier();
  d["findings"] = json::parse(R"J([
    {"code": "address_mismatch_across_documents", "severity": "warning",
     "message": "L'adresse diffère.", "documents": ["d1", "d2"], "details": {}},
    {"code": "name_mismatch_across_documents", "severity": "critical",
     "message": "Le nom diffère.", "documents": ["d1", "d2"], "details": {}},
    {"code": "rib_holder_not_seller", "severity": "warning",
     "message": "Le titulaire du RIB (Jean MARTIN) n'est pas un vendeur.", "documents": ["d1"],
     "details": {}}])J");
  d["documents"][2]["findings"] = {"id_document_expired"};
  d["verifications"] = json::parse(R"J([
    {"source": "cadastre", "status": "unavailable", "subject": "AB 123", "message": "",
     "details": {}},
    {"source": "bodacc", "status": "skipped", "subject": "732829320", "message": "",
     "details": {}},
    {"source": "gel_avoirs", "status": "skipped", "subject": "Louise GAUTIER", "message": "",
     "details": {}}])J");
  json s = SynthesizeDossier(d);
  std::string summary = s["summary"];
  EXPECT_NE(summary.find("Contrôles croisés : 1 anomalie critique et 2 avertissements. 1 "
                         "document présente des anomalies (voir leur synthèse)."),
            std::string::npos)
      << summary;
  EXPECT_NE(summary.find("Registres officiels : 1 registre indisponible, 2 registres non "
                         "consultés."),
            std::string::npos)
      << summary;
  EXPECT_EQ(s["recommendations"],
            json({"Comparer l'état civil entre les pièces et demander au client la pièce qui "
                  "fait foi (pièce d'identité en cours de validité, acte de naissance ou livret "
                  "de famille). Pièces concernées : acte.pdf, cni_gautier.pdf.",
                  "Vérifier l'adresse et demander au client un justificatif de domicile de moins "
                  "de trois mois. Pièces concernées : acte.pdf, cni_gautier.pdf.",
                  "À vérifier : Le titulaire du RIB (Jean MARTIN) n'est pas un vendeur. Pièces "
                  "concernées : acte.pdf.",
                  "Demander au client une pièce d'identité en cours de validité. Pièce "
                  "concernée : cni_dupont.pdf.",
                  "Cadastre indisponible : vérifier à la main sur cadastre.gouv.fr (AB 123).",
                  "Registres officiels non consultés : faire les vérifications à la main "
                  "(bodacc.fr, gels-avoirs.dgtresor.gouv.fr)."}))
      << s["recommendations"].dump(1);
}

TEST(SynthesizeDossier, IncompleteDossierWithAnUnreadableDocument) {
  json d = SaleDossier();
  d["all_documents_analysed"] = false;
  d["documents"][1]["status"] = "failed";
  d["documents"][2]["status"] = "processing";
  d["documents"][2]["document_type"] = nullptr;
  d["findings"].push_back({{"code", "document_unreadable"},
                           {"severity", "warning"},
                           {"message", "Le document « cni_gautier.pdf » n'a pas pu être analysé."},
                           {"documents", {"d2"}}});
  d["verifications"] = json::array();
  json s = SynthesizeDossier(d);
  EXPECT_EQ(s["summary"],
            "Dossier de vente de 3 documents : Acte de vente (1), illisible (1), en cours "
            "d'analyse (1). Parties : Louise GAUTIER (vendeur), Marc DUPONT (acquéreur). Analyse "
            "en cours : 1 document en attente ; synthèse provisoire. Contrôles croisés : 1 "
            "avertissement. Toutes les pièces attendues sont présentes.");
  EXPECT_EQ(s["recommendations"],
            json({"Document illisible (cni_gautier.pdf) : demander une nouvelle copie au client.",
                  "Attendre la fin de l'analyse des documents en cours avant de conclure : cette "
                  "synthèse sera mise à jour."}));
}

TEST(SynthesizeDossier, SaysThePropertyThePriceAndTheDateOfTheDeed) {
  json d = SaleDossier();
  d["operation"] = json::parse(R"J({
    "document_id": "d1", "document_type": "acte_vente",
    "date": {"kind": "acte", "value": "2024-03-12", "evidence": []},
    "price": {"value": 196000.0, "currency": "EUR", "evidence": []},
    "properties": [{"kind": "appartement", "address": "12 rue des Lilas", "postal_code": "94000",
                    "city": "Créteil", "cadastre": ["AB 123", "AB 124"], "lots": 2},
                   {"kind": null, "address": null, "postal_code": null, "city": null,
                    "cadastre": ["ZC 7"], "lots": 0}]})J");
  std::string s = SynthesizeDossier(d)["summary"];
  EXPECT_NE(s.find("Parties : Louise GAUTIER (vendeur), Marc DUPONT (acquéreur). Bien : "
                   "appartement, 12 rue des Lilas, 94000 Créteil (cadastre AB 123, AB 124). "
                   "Bien : cadastre ZC 7. Prix : 196 000 €. Acte de vente du 12/03/2024. Tous"),
            std::string::npos)
      << s;
  // What the deed did not give is not said.
  d["operation"]["price"] = nullptr;
  d["operation"]["date"] = nullptr;
  d["operation"]["properties"] = json::array();
  EXPECT_EQ(SynthesizeDossier(d)["summary"], SynthesizeDossier(SaleDossier())["summary"]);
}

TEST(SynthesizeDossier, ToleratesAnEmptyObject) {
  json s = SynthesizeDossier(json::object());
  EXPECT_EQ(s["summary"],
            "Dossier sans document. Tous les documents sont analysés. Contrôles "
            "croisés : aucune anomalie.");
  EXPECT_EQ(s["recommendations"], json::array());
}

}  // namespace
}  // namespace notaria::analyze
