#include "llm/ollama.h"

#include <gtest/gtest.h>

#include <chrono>

#include "verify/http_transport.h"
#include "verify/testing/replay_server.h"

namespace notaria::llm {
namespace {

using nlohmann::json;
using verify::testing::ReplayRoute;
using verify::testing::ReplayServer;

constexpr char kModel[] = "llama3.1:8b";

SynthesisRequest SaleRequest() {
  SynthesisRequest r;
  r.scope = "document";
  r.facts = json::parse(R"({
    "document_type": "acte_vente",
    "page_count": 3,
    "entities": {
      "persons": [{"role": "vendeur", "last_name": "GAUTIER", "first_names": ["Louise"],
                   "birth_date": "1970-05-12",
                   "evidence": {"last_name": {"page": 1, "start": 4711, "end": 4718}}}],
      "amounts": [{"kind": "prix", "value": 250000.0, "currency": "EUR"}],
      "dates": [{"kind": "acte", "value": "2024-03-12"}]
    },
    "findings": [{"code": "price_words_mismatch", "severity": "critical",
                  "message": "Le prix en lettres (deux cent mille euros) diffère du prix en chiffres (250 000,00 €)."}]
  })");
  r.rules_synthesis = {
      {"summary",
       "Acte de vente de 3 pages. Parties : 1 vendeur. Prix : 250 000 €. 1 anomalie(s) "
       "critique(s) et 0 avertissement(s)."},
      {"recommendations",
       {"Faire corriger l'acte : le prix en lettres et le prix en chiffres doivent concorder."}},
      {"generated_by", "rules"}};
  return r;
}

// What Ollama answers to a non-streamed /api/chat.
std::string ChatAnswer(const std::string& content) {
  return json{{"model", kModel},
              {"created_at", "2025-02-14T10:00:00.000000Z"},
              {"message", {{"role", "assistant"}, {"content", content}}},
              {"done", true},
              {"done_reason", "stop"},
              {"total_duration", 1234567}}
      .dump();
}

class OllamaTest : public ::testing::Test {
 protected:
  void Answer(const std::string& content, int status = 200) {
    ReplayRoute route;
    route.method = "POST";
    route.path = "/api/chat";
    route.status = status;
    route.headers = {{"Content-Type", "application/json"}};
    route.body = status == 200 ? ChatAnswer(content) : content;
    server_.Add(route);
  }
  json Run(std::chrono::milliseconds timeout = std::chrono::milliseconds(5000)) {
    OllamaLlm llm(transport_, server_.base_url() + "/", kModel, timeout);
    return Synthesize(&llm, request_);
  }

  ReplayServer server_;
  verify::CurlTransport transport_;
  SynthesisRequest request_ = SaleRequest();
};

TEST_F(OllamaTest, AcceptsAValidRewrite) {
  Answer(json{{"summary",
               "Acte de vente du 12/03/2024 : Louise GAUTIER vend le bien au prix de "
               "250 000 €. Une anomalie critique : le prix en lettres ne concorde pas avec le "
               "prix en chiffres."},
              {"recommendations",
               {"Faire corriger le prix de l'acte : les montants en lettres et en chiffres "
                "doivent concorder.",
                "Faire confirmer par les parties le prix convenu de 250 000 euros."}}}
             .dump());
  json s = Run();
  EXPECT_EQ(s["generated_by"], "ollama:llama3.1:8b");
  EXPECT_EQ(s["summary"].get<std::string>().rfind("Acte de vente du 12/03/2024 : Louise", 0), 0u);
  // The rules' advice was reworded, so it is not repeated.
  ASSERT_EQ(s["recommendations"].size(), 2u) << s.dump();
  EXPECT_EQ(s["recommendations"][1],
            "Faire confirmer par les parties le prix convenu de 250 000 euros.");
}

TEST_F(OllamaTest, KeepsTheRulesAdviceTheModelDropped) {
  Answer(
      json{{"summary", "Acte de vente de Louise GAUTIER, avec une anomalie critique sur le prix."},
           {"recommendations", {"Vérifier l'identité de la venderesse sur l'original."}}}
          .dump());
  json s = Run();
  EXPECT_EQ(s["generated_by"], "ollama:llama3.1:8b");
  EXPECT_EQ(s["recommendations"],
            json({"Vérifier l'identité de la venderesse sur l'original.",
                  "Faire corriger l'acte : le prix en lettres et le prix en chiffres doivent "
                  "concorder."}));
}

TEST_F(OllamaTest, SendsANonStreamedJsonChatForTheModel) {
  Answer(json{{"summary", "Acte de vente avec une anomalie critique sur le prix."},
              {"recommendations", json::array()}}
             .dump());
  Run();
  auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].target, "/api/chat");
  json body = json::parse(requests[0].body);
  EXPECT_EQ(body["model"], kModel);
  EXPECT_EQ(body["stream"], false);
  EXPECT_EQ(body["format"], "json");
  EXPECT_EQ(body["options"]["temperature"], 0);
  ASSERT_EQ(body["messages"].size(), 2u);
  EXPECT_EQ(body["messages"][0]["role"], "system");
  EXPECT_NE(body["messages"][0]["content"].get<std::string>().find("N'invente aucun chiffre"),
            std::string::npos);
  EXPECT_EQ(body["messages"][1]["role"], "user");
  std::string user = body["messages"][1]["content"];
  EXPECT_NE(user.find("\"last_name\":\"GAUTIER\""), std::string::npos);
  EXPECT_NE(user.find("Prix : 250 000 €"), std::string::npos);
  EXPECT_EQ(user.find("4711"), std::string::npos);  // evidence offsets are not sent
}

TEST_F(OllamaTest, KeepsTheRulesOnContentThatIsNotJson) {
  Answer("Voici la synthèse : l'acte de vente présente une anomalie.");
  EXPECT_EQ(Run(), request_.rules_synthesis);
}

TEST_F(OllamaTest, KeepsTheRulesOnTheWrongShape) {
  Answer(json{{"resume", "Acte de vente avec une anomalie."}, {"conseils", json::array()}}.dump());
  EXPECT_EQ(Run(), request_.rules_synthesis);
  Answer(json{{"summary", {"Acte de vente."}}, {"recommendations", json::array()}}.dump());
  EXPECT_EQ(Run(), request_.rules_synthesis);
  Answer(json{{"summary", "Acte de vente de la venderesse."}, {"recommendations", {1, 2}}}.dump());
  EXPECT_EQ(Run(), request_.rules_synthesis);
}

TEST_F(OllamaTest, KeepsTheRulesOnAnInventedAmount) {
  Answer(json{{"summary",
               "Acte de vente de Louise GAUTIER au prix de 260 000 €, avec une "
               "anomalie critique sur le prix."},
              {"recommendations", json::array()}}
             .dump());
  EXPECT_EQ(Run(), request_.rules_synthesis);
}

TEST_F(OllamaTest, KeepsTheRulesOnAnInventedDate) {
  Answer(json{{"summary", "Acte de vente signé le 13 mars 2024 par la venderesse."},
              {"recommendations", json::array()}}
             .dump());
  EXPECT_EQ(Run(), request_.rules_synthesis);
}

TEST_F(OllamaTest, KeepsTheRulesOnAnEnglishAnswer) {
  Answer(json{{"summary",
               "This is a sale deed and the price in words does not match the "
               "price in figures."},
              {"recommendations", {"Have the deed corrected before signing."}}}
             .dump());
  EXPECT_EQ(Run(), request_.rules_synthesis);
}

TEST_F(OllamaTest, KeepsTheRulesOnHttpError) {
  Answer(R"({"error":"model 'llama3.1:8b' not found"})", 500);
  EXPECT_EQ(Run(), request_.rules_synthesis);
}

TEST_F(OllamaTest, KeepsTheRulesWithinTheTimeout) {
  ReplayRoute route;
  route.method = "POST";
  route.path = "/api/chat";
  route.body = ChatAnswer(R"({"summary": "Acte de vente.", "recommendations": []})");
  route.delay = std::chrono::milliseconds(3000);
  server_.Add(route);
  auto start = std::chrono::steady_clock::now();
  json s = Run(std::chrono::milliseconds(300));
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(s, request_.rules_synthesis);
  EXPECT_LT(elapsed, std::chrono::milliseconds(2000));
}

TEST_F(OllamaTest, KeepsTheRulesWhenTheConnectionDrops) {
  ReplayRoute route;
  route.method = "POST";
  route.path = "/api/chat";
  route.close_without_answer = true;
  server_.Add(route);
  EXPECT_EQ(Run(), request_.rules_synthesis);
}

TEST(SynthesizeTest, WithoutAnLlmTheRulesAreKept) {
  SynthesisRequest r = SaleRequest();
  EXPECT_EQ(Synthesize(nullptr, r), r.rules_synthesis);
}

}  // namespace
}  // namespace notaria::llm
