#include "llm/ollama.h"

#include <spdlog/spdlog.h>

#include <utility>

#include "llm/rewrite_check.h"

namespace notaria::llm {
namespace {

using nlohmann::json;

constexpr char kSystemPrompt[] =
    "Tu es l'assistant d'un notaire français. On te donne les faits extraits d'un document "
    "ou d'un dossier notarial (JSON) et une synthèse produite par des règles. Réécris cette "
    "synthèse en français clair et professionnel, pour un notaire qui la lit en dix "
    "secondes.\n"
    "Règles impératives :\n"
    "- N'utilise que les faits fournis. N'invente aucun chiffre, montant, date, nom ni "
    "numéro : chaque chiffre que tu écris doit figurer dans les faits ou dans la synthèse "
    "des règles, écrit de la même façon.\n"
    "- Conserve chaque recommandation de la synthèse des règles ; tu peux la reformuler, "
    "la préciser ou ajouter des conseils utiles au notaire, sans chiffre nouveau.\n"
    "- Le résumé fait au plus 800 caractères ; au plus 10 recommandations, chacune une "
    "action concrète (ce qu'il faut vérifier ou demander au client).\n"
    "- Pas de markdown, pas de numérotation, pas de texte hors du JSON.\n"
    "Réponds uniquement par un objet JSON de la forme "
    "{\"summary\": \"...\", \"recommendations\": [\"...\"]}.";

// Offsets of evidence mean nothing to the model and cost context.
json WithoutEvidence(const json& value) {
  if (value.is_object()) {
    json out = json::object();
    for (const auto& [key, v] : value.items()) {
      if (key != "evidence") out[key] = WithoutEvidence(v);
    }
    return out;
  }
  if (value.is_array()) {
    json out = json::array();
    for (const json& v : value) out.push_back(WithoutEvidence(v));
    return out;
  }
  return value;
}

std::string Dump(const json& value) {
  // Extracted text may hold invalid UTF-8 (OCR); dump would throw on it.
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

OllamaLlm::OllamaLlm(verify::HttpTransport& transport, std::string base_url, std::string model,
                     std::chrono::milliseconds timeout)
    : transport_(transport),
      base_url_(std::move(base_url)),
      model_(std::move(model)),
      timeout_(timeout) {
  while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
}

json OllamaLlm::ChatBody(const SynthesisRequest& request) const {
  json rules = {
      {"summary", request.rules_synthesis.value("summary", "")},
      {"recommendations", request.rules_synthesis.value("recommendations", json::array())}};
  std::string user =
      "Portée : " + std::string(request.scope == "dossier" ? "dossier" : "document") +
      ".\nFaits (JSON) :\n" + Dump(WithoutEvidence(request.facts)) +
      "\nSynthèse des règles (JSON) :\n" + Dump(rules) +
      "\nRéécris cette synthèse selon les règles impératives.";
  return {{"model", model_},
          {"stream", false},
          {"format", "json"},
          {"options", {{"temperature", 0}}},
          {"messages", json::array({{{"role", "system"}, {"content", kSystemPrompt}},
                                    {{"role", "user"}, {"content", std::move(user)}}})}};
}

std::optional<json> OllamaLlm::Rewrite(const SynthesisRequest& request) {
  try {
    verify::HttpRequest http;
    http.method = "POST";
    http.url = base_url_ + "/api/chat";
    http.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
    http.body = Dump(ChatBody(request));
    http.timeout = timeout_;
    http.max_body_bytes = 4u << 20;  // one short chat answer
    verify::HttpResponse response = transport_.Send(http);
    if (!response.transport_error.empty()) {
      spdlog::warn("ollama: no answer from {} ({}{}); keeping the rules' synthesis", base_url_,
                   response.timed_out ? "timeout: " : "", response.transport_error);
      return std::nullopt;
    }
    if (!response.ok()) {
      spdlog::warn("ollama: HTTP {} from /api/chat; keeping the rules' synthesis", response.status);
      return std::nullopt;
    }
    json answer = json::parse(response.body, nullptr, false);
    const json* content = nullptr;
    if (answer.is_object() && answer.contains("message") && answer["message"].is_object()) {
      auto it = answer["message"].find("content");
      if (it != answer["message"].end() && it->is_string()) content = &*it;
    }
    if (content == nullptr) {
      spdlog::warn("ollama: answer without message.content; keeping the rules' synthesis");
      return std::nullopt;
    }
    json candidate = json::parse(content->get_ref<const std::string&>(), nullptr, false);
    if (candidate.is_discarded()) {
      spdlog::warn("ollama: message.content is not JSON; keeping the rules' synthesis");
      return std::nullopt;
    }
    if (std::string reason = RejectReason(candidate, request); !reason.empty()) {
      spdlog::warn("ollama: rewrite rejected ({}); keeping the rules' synthesis", reason);
      return std::nullopt;
    }
    std::string summary = candidate["summary"].get<std::string>();
    summary.erase(0, summary.find_first_not_of(" \t\r\n"));
    summary.erase(summary.find_last_not_of(" \t\r\n") + 1);
    return json{{"summary", std::move(summary)},
                {"recommendations", MergeRecommendations(candidate["recommendations"],
                                                         request.rules_synthesis.value(
                                                             "recommendations", json::array()))},
                {"generated_by", "ollama:" + model_}};
  } catch (const std::exception& e) {
    spdlog::warn("ollama: rewrite failed ({}); keeping the rules' synthesis", e.what());
    return std::nullopt;
  }
}

}  // namespace notaria::llm
