// Document classification: which of the 14 functional types (core/document_type.h) a
// document is, from the text of its pages.
//
// Contract: ClassifyDocument never throws and never logs text. It scores every type by
// weighted cues taken from what each French document kind must say (titles, party
// headings, mandatory mentions, MRZ zones), matched case- and accent-insensitively and
// tolerant to OCR damage. Cues in the document's title (first lines of page 1, upper-case
// headings of page 1) weigh more than mentions in the body, so that a deed citing a
// procuration or a DPE in its annexes stays a deed. `type` is "autre" when no type has
// convincing evidence or when the best two are too close to call; `confidence` is then low.
// `candidates` are sorted best first and their scores sum to at most 1; `reasons` are short
// French sentences naming the cues that fired for the chosen type, with their page number.
// Deterministic and thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/page.h"

namespace notaria::analyze {

struct ClassificationCandidate {
  std::string type;
  double score = 0;  // probability-like, 0..1
};

struct Classification {
  std::string type = "autre";                       // one of kDocumentTypes
  double confidence = 0;                            // 0..1
  std::vector<ClassificationCandidate> candidates;  // best first, the top few
  std::vector<std::string> reasons;                 // French, with page numbers
};

Classification ClassifyDocument(const std::vector<Page>& pages);

// {"confidence", "candidates": [{"type", "score"}], "reasons": [...]} as in result.md; the
// type itself is the result's "document_type".
nlohmann::json ClassificationToJson(const Classification& c);

}  // namespace notaria::analyze
