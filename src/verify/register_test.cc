#include "verify/register.h"

#include <gtest/gtest.h>

namespace notaria::verify {
namespace {

TEST(MakeVerification, BuildsTheResultObject) {
  nlohmann::json v = MakeVerification("cadastre", kVerificationOk, "29158 AW 0001",
                                      "La parcelle existe au cadastre.", {{"contenance", 532}});
  EXPECT_EQ(v["source"], "cadastre");
  EXPECT_EQ(v["status"], "ok");
  EXPECT_EQ(v["subject"], "29158 AW 0001");
  EXPECT_EQ(v["message"], "La parcelle existe au cadastre.");
  EXPECT_EQ(v["details"]["contenance"], 532);
  EXPECT_EQ(MakeVerification("ban", kVerificationNotFound, "x", "y")["details"],
            nlohmann::json::object());
}

TEST(UnansweredVerification, OfflineIsSkipped) {
  CallResult call;
  call.outcome = CallOutcome::kOffline;
  call.reason = "mode hors ligne";
  nlohmann::json v = UnansweredVerification("bodacc", "880878145", call);
  EXPECT_EQ(v["source"], "bodacc");
  EXPECT_EQ(v["status"], "skipped");
  EXPECT_EQ(v["subject"], "880878145");
  EXPECT_EQ(v["message"], "Vérification non effectuée (mode hors ligne).");
  EXPECT_EQ(v["details"]["reason"], "mode hors ligne");
  EXPECT_EQ(v["details"]["attempts"], 0);
  EXPECT_EQ(v["details"]["http_status"], 0);
}

TEST(UnansweredVerification, UnavailableCarriesTheReason) {
  CallResult call;
  call.outcome = CallOutcome::kUnavailable;
  call.http_status = 503;
  call.attempts = 4;
  call.reason = "erreur HTTP 503 du registre";
  nlohmann::json v = UnansweredVerification("georisques", "29158", call);
  EXPECT_EQ(v["status"], "unavailable");
  EXPECT_EQ(v["message"], "Registre indisponible : erreur HTTP 503 du registre.");
  EXPECT_EQ(v["details"]["reason"], "erreur HTTP 503 du registre");
  EXPECT_EQ(v["details"]["http_status"], 503);
  EXPECT_EQ(v["details"]["attempts"], 4);
  EXPECT_EQ(v["details"]["outcome"], "unavailable");
}

TEST(UnansweredVerification, RateLimitedAndClientErrorsAreUnavailable) {
  CallResult limited;
  limited.outcome = CallOutcome::kRateLimited;
  limited.reason = "quota de 100 requêtes par heure atteint";
  nlohmann::json v = UnansweredVerification("cadastre", "s", limited);
  EXPECT_EQ(v["status"], "unavailable");
  EXPECT_EQ(v["message"],
            "Registre indisponible : quota de 100 requêtes par heure atteint. Vérification à "
            "refaire plus tard.");

  CallResult refused;
  refused.outcome = CallOutcome::kClientError;
  refused.http_status = 400;
  refused.attempts = 1;
  refused.reason = "requête refusée par le registre (HTTP 400)";
  v = UnansweredVerification("ban", "s", refused);
  EXPECT_EQ(v["status"], "unavailable");
  EXPECT_EQ(v["details"]["http_status"], 400);
  EXPECT_EQ(v["details"]["outcome"], "client_error");
}

TEST(UnansweredVerification, UnreadableAnswerGetsADefaultReason) {
  CallResult call;
  call.outcome = CallOutcome::kOk;
  call.http_status = 200;
  call.attempts = 1;
  nlohmann::json v = UnansweredVerification("entreprises", "s", call);
  EXPECT_EQ(v["status"], "unavailable");
  EXPECT_EQ(v["message"], "Registre indisponible : réponse inexploitable.");
  EXPECT_EQ(v["details"]["reason"], "réponse inexploitable");
}

}  // namespace
}  // namespace notaria::verify
