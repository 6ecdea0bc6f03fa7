#include "analyze/summary.h"

#include <gtest/gtest.h>

namespace notaria::analyze {
namespace {

using nlohmann::json;

json Verification(const std::string& source, const std::string& status,
                  const std::string& subject) {
  return {{"source", source},
          {"status", status},
          {"subject", subject},
          {"message", ""},
          {"details", json::object()}};
}

TEST(SynthesizeDocumentVerifications, SummaryCountsAndRecommendationsSayWhatToDo) {
  json entities = {{"properties", json::array()}};
  json verifications = {Verification("cadastre", "mismatch", "AB 123"),
                        Verification("ban", "ok", "12 rue des Lilas 75011 Paris"),
                        Verification("entreprises", "not_found", "732829320"),
                        Verification("georisques", "unavailable", "75111"),
                        Verification("gel_avoirs", "mismatch", "Louise GAUTIER"),
                        Verification("gel_avoirs", "not_found", "Marc DUPONT"),
                        Verification("bodacc", "skipped", "732829320"),
                        Verification("rbe", "skipped", "732829320")};
  json s =
      SynthesizeDocument("acte_vente", 4, entities, json::array(), json::object(), verifications);
  EXPECT_EQ(s["summary"],
            "Acte de vente de 4 pages. Aucune anomalie détectée. Registres officiels : 2 "
            "vérifications conformes, 2 divergences, 1 référence introuvable, 1 registre "
            "indisponible, 2 registres non consultés.");
  EXPECT_EQ(s["recommendations"],
            json({"Cadastre : divergence pour la parcelle AB 123 ; vérifier la désignation "
                  "(section, numéro, contenance) sur cadastre.gouv.fr et demander au client un "
                  "extrait cadastral récent ou son titre de propriété.",
                  "Annuaire des entreprises : 732829320 introuvable ; vérifier le SIREN et "
                  "demander au client un extrait Kbis de moins de trois mois.",
                  "Géorisques indisponible : vérifier à la main sur georisques.gouv.fr (75111).",
                  "Gel des avoirs : correspondance possible pour Louise GAUTIER ; contrôler "
                  "l'identité complète (date et lieu de naissance) sur "
                  "gels-avoirs.dgtresor.gouv.fr avant tout acte et, si la correspondance se "
                  "confirme, suspendre l'opération et en informer la DG Trésor.",
                  "Registres officiels non consultés : faire les vérifications à la main "
                  "(bodacc.fr, data.inpi.fr)."}))
      << s["recommendations"].dump(1);
}

TEST(SynthesizeDocument, ScoreAsAPercentage) {
  json score = {{"value", 0.8249999}, {"components", json::array()}};
  json s = SynthesizeDocument("rib", 1, json::object(), json::array(), score, json::array());
  EXPECT_NE(s["summary"].get<std::string>().find("Score de crédibilité : 82\u00a0%."),
            std::string::npos)
      << s["summary"];
}

TEST(SynthesizeDocumentVerifications, AllSkippedIsMentionedOnce) {
  json verifications = {Verification("cadastre", "skipped", "AB 123"),
                        Verification("cadastre", "skipped", "AB 124")};
  json s = SynthesizeDocument("acte_vente", 1, json::object(), json::array(), json::object(),
                              verifications);
  EXPECT_EQ(s["summary"],
            "Acte de vente de 1 page. Aucune anomalie détectée. Registres officiels non "
            "consultés.");
  EXPECT_EQ(s["recommendations"],
            json({"Registres officiels non consultés : faire les vérifications à la main "
                  "(cadastre.gouv.fr)."}));
}

TEST(SynthesizeDocumentFindings, AdviceSaysWhatToAskTheClientFor) {
  json findings = {{{"code", "id_document_expired"}, {"severity", "critical"}},
                   {{"code", "price_words_mismatch"}, {"severity", "critical"}},
                   {{"code", "id_document_expired"}, {"severity", "critical"}},
                   {{"code", "some_new_check"},
                    {"severity", "warning"},
                    {"message", "Le lot 12 n'apparaît pas dans l'état descriptif."}},
                   {{"code", "some_info"}, {"severity", "info"}, {"message", "Pour mémoire."}}};
  json s =
      SynthesizeDocument("acte_vente", 2, json::object(), findings, json::object(), json::array());
  EXPECT_EQ(s["recommendations"],
            json({"Demander au client une pièce d'identité en cours de validité.",
                  "Faire corriger l'acte : le prix en lettres et le prix en chiffres doivent "
                  "concorder ; faire confirmer par les parties le prix convenu.",
                  "À vérifier : Le lot 12 n'apparaît pas dans l'état descriptif."}));
  EXPECT_EQ(FindingAdvice("dpe_expired"),
            "Demander au client un nouveau diagnostic de performance énergétique (le DPE fourni "
            "n'est plus valable).");
  EXPECT_EQ(FindingAdvice("unknown"), "");
}

}  // namespace
}  // namespace notaria::analyze
