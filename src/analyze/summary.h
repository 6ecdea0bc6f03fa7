// Deterministic French synthesis of one document: a summary a notary reads in ten seconds
// and the recommendations that follow from the findings, the score and the official
// registers' answers. Same input, same words; nothing is invented (only extracted values,
// findings and register subjects are cited). Recommendations say what to do: what to check
// and what to ask the client for. The LLM rewrite (src/llm) starts from this text and falls
// back to it. The helpers below are shared with the dossier synthesis.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace notaria::analyze {

// {"summary", "recommendations": [...], "generated_by": "rules"}. `verifications` is the
// result's array of {"source", "status", "subject", "message", "details"} (may be empty).
nlohmann::json SynthesizeDocument(const std::string& document_type, size_t page_count,
                                  const nlohmann::json& entities, const nlohmann::json& findings,
                                  const nlohmann::json& score, const nlohmann::json& verifications);

// The French name of a document type ("Acte de vente", "Carte nationale d'identité", ...).
std::string DocumentTypeLabel(const std::string& document_type);

// The French name of a party role ("acquereur" -> "acquéreur", "acquéreuse" when `sex` is
// "F"); unknown roles unchanged.
std::string RoleLabel(const std::string& role, const std::string& sex = "");

// "de Louise GAUTIER", "d'Antoine GAUTIER", "d'Émile", "de Hugo ROBERT": French elision
// before a vowel (an h is left alone: it may be aspirated).
std::string Of(const std::string& name);

// "1 divergence", "2 divergences".
std::string Count(size_t n, const std::string& one, const std::string& many);

// Appends `text` to the JSON array `list` unless it is empty or already there.
void PushOnce(nlohmann::json& list, const std::string& text);

// What the notary should do about a finding code (ask the client for ..., have the deed
// corrected); empty when the code has no standard advice.
std::string FindingAdvice(const std::string& code);

// One sentence counting the registers' outcomes ("Registres officiels : 2 vérifications
// conformes, 1 divergence."), or "" when there are no verifications.
std::string VerificationSummary(const nlohmann::json& verifications);

// Appends to `recommendations` (a JSON array; exact duplicates are skipped) what to do about
// each verification: mismatch and not_found -> what to check and ask the client for,
// unavailable -> check by hand on the register's official site, skipped -> one line listing
// the sites to check by hand.
void AppendVerificationAdvice(const nlohmann::json& verifications, nlohmann::json& recommendations);

}  // namespace notaria::analyze
