#include "app/dossiers.h"

#include "analyze/synthesis_dossier.h"
#include "llm/llm.h"

namespace notaria::app {

using nlohmann::json;

DossierService::DossierService(store::Repository& repository, Pipeline& pipeline, llm::Llm* llm)
    : repository_(repository), pipeline_(pipeline), llm_(llm) {}

std::vector<analyze::DossierMember> DossierService::Members(const std::string& dossier_id,
                                                            std::string* fingerprint) {
  std::vector<analyze::DossierMember> members;
  store::DocumentFilter filter;
  filter.dossier_id = dossier_id;
  filter.limit = 200;
  std::vector<store::DocumentRecord> docs;
  while (true) {
    store::DocumentList list = repository_.ListDocuments(filter);
    docs.insert(docs.end(), list.items.begin(), list.items.end());
    if (list.items.empty() || filter.offset + filter.limit >= list.total) break;
    filter.offset += filter.limit;
  }
  // Oldest first: the order the office added them.
  std::reverse(docs.begin(), docs.end());
  fingerprint->clear();
  for (const auto& d : docs) {
    *fingerprint += d.id + ":" + d.status + ";";
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
  std::string fingerprint;
  auto members = Members(dossier_id, &fingerprint);
  if (auto reference = analyze::DossierReference(members)) {
    bool changed = false;
    for (const auto& m : members) {
      if (m.status != store::kStatusDone) continue;
      auto before = repository_.LoadStageOutput(m.document_id, "assess");
      pipeline_.Reassess(m.document_id, *reference);
      auto after = repository_.LoadStageOutput(m.document_id, "assess");
      changed = changed || (before && after && before->output != after->output);
    }
    if (changed) members = Members(dossier_id, &fingerprint);
  }
  json analysis = Analyze(*dossier, members, fingerprint, /*with_llm=*/true);
  repository_.SaveDossierAnalysis(dossier_id, analysis);
  return analysis;
}

std::optional<json> DossierService::Current(const std::string& dossier_id) {
  auto dossier = repository_.GetDossier(dossier_id);
  if (!dossier) return std::nullopt;
  std::string fingerprint;
  auto members = Members(dossier_id, &fingerprint);
  if (auto stored = repository_.LoadDossierAnalysis(dossier_id);
      stored && stored->value("fingerprint", "") == fingerprint &&
      stored->value("dossier_type", "") != "" && stored->value("name", "") == dossier->name) {
    return stored;
  }
  return Analyze(*dossier, members, fingerprint, /*with_llm=*/false);
}

}  // namespace notaria::app
