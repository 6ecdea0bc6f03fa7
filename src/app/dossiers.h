// DossierService: the dossier-level stage, run when a dossier's documents are all done and
// again whenever one is added, finished or removed.
//
// Refresh judges every done member again at the dossier's deed date (ID validity, ages and
// DPE are judged at the signing, not today), runs the cross-document checks and the
// checklist (analyze/dossier.h), writes the synthesis (rules, rewritten by the LLM when one
// is configured) and stores the result. Current never shows a stale analysis: when the
// stored one no longer matches the dossier's documents it computes one on the spot with the
// rules alone. Thread-safe as far as the repository is.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "analyze/dossier.h"
#include "app/pipeline.h"
#include "server/api.h"
#include "store/repository.h"

namespace notaria::app {

// Queue subject of a dossier's refresh job (documents are queued by their bare id).
using server::kDossierJobPrefix;

class DossierService {
 public:
  DossierService(store::Repository& repository, Pipeline& pipeline, llm::Llm* llm);

  // nullopt for an unknown dossier.
  std::optional<nlohmann::json> Refresh(const std::string& dossier_id);
  std::optional<nlohmann::json> Current(const std::string& dossier_id);

 private:
  std::vector<store::DocumentRecord> Documents(const std::string& dossier_id);
  static std::string Fingerprint(const std::vector<store::DocumentRecord>& docs);
  std::vector<analyze::DossierMember> Members(const std::vector<store::DocumentRecord>& docs);
  nlohmann::json Analyze(const store::DossierRecord& dossier,
                         const std::vector<analyze::DossierMember>& members,
                         const std::string& fingerprint, bool with_llm);

  store::Repository& repository_;
  Pipeline& pipeline_;
  llm::Llm* llm_;
};

}  // namespace notaria::app
