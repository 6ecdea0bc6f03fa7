// Entity extraction: the `entities` object of result.md, filled from a document's pages.
//
// ExtractEntities runs the extractors registered for the document's type (one family per
// file: extract_parties.cc, extract_property.cc, extract_forms.cc, ...) over a DocumentView
// and returns
//   {"persons": [], "companies": [], "properties": [], "amounts": [], "dates": [],
//    "identity_document": null, "bank": null, "notary": null}
// plus "dpe" for DPE documents. Every value carries its evidence: an object has an
// "evidence" map from field name to {"page", "start", "end"} (byte offsets into that page's
// stored text); amounts and dates carry one "evidence" span. Unknown values are null or
// absent, never guessed. Deterministic, never throws on any text, never logs text.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/page.h"
#include "text/folded_text.h"

namespace notaria::analyze {

// Where a value was read: page number (1-based) and byte range in that page's text.
struct Evidence {
  int page = 0;
  size_t start = 0;
  size_t end = 0;
};
nlohmann::json EvidenceJson(const Evidence& e);

// The pages of one document with their folded forms, built once and shared by extractors.
class DocumentView {
 public:
  explicit DocumentView(const std::vector<Page>& pages);

  size_t page_count() const { return pages_.size(); }
  const Page& page(size_t index) const { return pages_[index]; }
  const text::FoldedText& folded(size_t index) const { return folded_[index]; }

  // Evidence for folded bytes [start, end) of page `index`.
  Evidence EvidenceOf(size_t index, size_t folded_start, size_t folded_end) const;
  // The original text of an evidence span.
  std::string_view TextOf(const Evidence& e) const;

 private:
  const std::vector<Page>& pages_;
  std::vector<text::FoldedText> folded_;
};

// Builds one entity object field by field, with the evidence of each field.
class EntityBuilder {
 public:
  EntityBuilder() = default;
  // Sets `field` to `value` (skipped when value is null) with its evidence.
  EntityBuilder& Set(const std::string& field, nlohmann::json value,
                     const std::optional<Evidence>& evidence = std::nullopt);
  bool Has(const std::string& field) const;
  const nlohmann::json& Get(const std::string& field) const;
  // The object, with "evidence" holding the spans of the fields set with one.
  nlohmann::json Build() const;

 private:
  nlohmann::json fields_ = nlohmann::json::object();
  nlohmann::json evidence_ = nlohmann::json::object();
};

// Receives `entities` as built so far (keys of every kind present) and adds to it.
using EntityExtractor = std::function<void(const DocumentView& doc, nlohmann::json* entities)>;

// Registers `extractor` for a document type ("*" for every type). Each extractor family has
// a Register...Extractors() function listed in extract_families.cc, called once before the
// first extraction (explicit, because a static library drops unreferenced self-registering
// objects). Extractors run in registration order.
void RegisterExtractor(std::string_view document_type, std::string_view name,
                       EntityExtractor extractor);

nlohmann::json ExtractEntities(const std::vector<Page>& pages, std::string_view document_type);

// Names of the extractors that run for a type, in order (for tests and diagnostics).
std::vector<std::string> ExtractorNames(std::string_view document_type);

}  // namespace notaria::analyze
