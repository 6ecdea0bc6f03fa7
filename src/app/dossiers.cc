#include "app/dossiers.h"

#include <spdlog/spdlog.h>

#include <stdexcept>

#include "analyze/synthesis_dossier.h"
#include "llm/llm.h"

namespace notaria::app {

using nlohmann::json;

DossierService::DossierService(store::Repository& repository, Pipeline& pipeline, llm::Llm* llm)
    : repository_(repository), pipeline_(pipeline), llm_(llm) {}

std::vector<store::DocumentRecord> DossierService::Documents(const std::string& dossier_id) {
  std::vector<store::DocumentRecord> docs;
  store::DocumentFilter filter;
  filter.dossier_id = dossier_id;
  filter.limit = 200;
  while (true) {
    store::DocumentList list = repository_.ListDocuments(filter);
    docs.insert(docs.end(), list.items.begin(), list.items.end());
    if (list.items.empty() || filter.offset + filter.limit >= list.total) break;
    filter.offset += filter.limit;
  }
  // Oldest first: the order the office added them.
  std::reverse(docs.begin(), docs.end());
  return docs;
}

// Which documents, in which state, an analysis was computed from.
std::string DossierService::Fingerprint(const std::vector<store::DocumentRecord>& docs) {
  std::string fingerprint;
  for (const auto& d : docs) fingerprint += d.id + ":" + d.status + ";";
  return fingerprint;
}

std::vector<analyze::DossierMember> DossierService::Members(
    const std::vector<store::DocumentRecord>& docs) {
  std::vector<analyze::DossierMember> members;
  for (const auto& d : docs) {
    analyze::DossierMember m;
    m.document_id = d.id;
    m.filename = d.filename;
    m.status = d.status;
    m.document_type = d.document_type;
    if (d.error) m.error_code = std::string(ErrorCodeName(d.error->code));
    if (d.status == store::kStatusDone) {
      if (auto e = repository_.LoadStageOutput(d.id, "extract")) m.entities = e->output;
      if (auto a = repository_.LoadStageOutput(d.id, "assess")) {
        m.findings = a->output.value("findings", json::array());
        m.verifications = a->output.value("verifications", json::array());
        if (a->output.contains("score") && a->output["score"].contains("value")) {
          m.score = a->output["score"]["value"].get<double>();
        }
      }
    }
    members.push_back(std::move(m));
  }
  return members;
}

json DossierService::Analyze(const store::DossierRecord& dossier,
                             const std::vector<analyze::DossierMember>& members,
                             const std::string& fingerprint, bool with_llm) {
  // "autre" is also what a dossier created without a type gets: its documents then tell.
  std::string type = dossier.type == "autre" ? analyze::InferDossierType(members) : dossier.type;
  json analysis = analyze::AnalyzeDossier(dossier.id, type, members);
  analysis["name"] = dossier.name;
  analysis["fingerprint"] = fingerprint;
  json synthesis = analyze::SynthesizeDossier(analysis);
  // The LLM is asked once the dossier is complete, not at every document that ends.
  if (with_llm && llm_ != nullptr && analysis.value("all_documents_analysed", false)) {
    synthesis = llm::Synthesize(llm_, {"dossier", analysis, synthesis});
  }
  analysis["synthesis"] = synthesis;
  return analysis;
}

std::optional<json> DossierService::Refresh(const std::string& dossier_id) {
  auto dossier = repository_.GetDossier(dossier_id);
  if (!dossier) return std::nullopt;
  std::vector<store::DocumentRecord> docs = Documents(dossier_id);
  auto members = Members(docs);
  if (auto reference = analyze::DossierReference(members)) {
    bool judged_again = false;
    for (const auto& m : members) {
      if (m.status == store::kStatusDone) {
        judged_again = pipeline_.Reassess(m.document_id, *reference) || judged_again;
      }
    }
    if (judged_again) members = Members(docs);
  }
  json analysis = Analyze(*dossier, members, Fingerprint(docs), /*with_llm=*/true);
  try {
    repository_.SaveDossierAnalysis(dossier_id, analysis);
  } catch (const std::invalid_argument&) {
    // Deleted while it was being analysed: there is nothing left to refresh, which is not a
    // failure of the job.
    if (repository_.GetDossier(dossier_id)) throw;
    spdlog::debug("dossier {} deleted during its refresh", dossier_id);
    return std::nullopt;
  }
  return analysis;
}

std::optional<json> DossierService::Current(const std::string& dossier_id) {
  auto dossier = repository_.GetDossier(dossier_id);
  if (!dossier) return std::nullopt;
  // The documents' states alone tell whether the stored analysis is current: their stage
  // outputs are read only when it is not.
  std::vector<store::DocumentRecord> docs = Documents(dossier_id);
  std::string fingerprint = Fingerprint(docs);
  if (auto stored = repository_.LoadDossierAnalysis(dossier_id);
      stored && stored->value("fingerprint", "") == fingerprint &&
      stored->value("dossier_type", "") != "" && stored->value("name", "") == dossier->name) {
    return stored;
  }
  return Analyze(*dossier, Members(docs), fingerprint, /*with_llm=*/false);
}

}  // namespace notaria::app
