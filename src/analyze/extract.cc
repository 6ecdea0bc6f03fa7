#include "analyze/extract.h"

#include <map>
#include <mutex>

#include "analyze/extract_families.h"

namespace notaria::analyze {
namespace {

struct Registered {
  std::string type;
  std::string name;
  EntityExtractor extractor;
};

std::vector<Registered>& Registry() {
  static std::vector<Registered> registry;
  return registry;
}

std::mutex& RegistryMutex() {
  static std::mutex mu;
  return mu;
}

void EnsureFamiliesRegistered() {
  static std::once_flag once;
  std::call_once(once, RegisterExtractorFamilies);
}

}  // namespace

nlohmann::json EvidenceJson(const Evidence& e) {
  return {{"page", e.page}, {"start", e.start}, {"end", e.end}};
}

DocumentView::DocumentView(const std::vector<Page>& pages) : pages_(pages) {
  folded_.reserve(pages.size());
  for (const Page& p : pages) folded_.emplace_back(p.text);
}

Evidence DocumentView::EvidenceOf(size_t index, size_t folded_start, size_t folded_end) const {
  auto [start, end] = folded_[index].OriginalSpan(folded_start, folded_end);
  return {pages_[index].number, start, end};
}

std::string_view DocumentView::TextOf(const Evidence& e) const {
  for (const Page& p : pages_) {
    if (p.number != e.page) continue;
    if (e.start > p.text.size() || e.end > p.text.size() || e.end < e.start) return {};
    return std::string_view(p.text).substr(e.start, e.end - e.start);
  }
  return {};
}

EntityBuilder& EntityBuilder::Set(const std::string& field, nlohmann::json value,
                                  const std::optional<Evidence>& evidence) {
  if (value.is_null()) return *this;
  fields_[field] = std::move(value);
  if (evidence) {
    evidence_[field] = EvidenceJson(*evidence);
  } else {
    evidence_.erase(field);
  }
  return *this;
}

bool EntityBuilder::Has(const std::string& field) const { return fields_.contains(field); }

const nlohmann::json& EntityBuilder::Get(const std::string& field) const {
  static const nlohmann::json kNull;
  auto it = fields_.find(field);
  return it == fields_.end() ? kNull : *it;
}

nlohmann::json EntityBuilder::Build() const {
  nlohmann::json out = fields_;
  out["evidence"] = evidence_;
  return out;
}

void RegisterExtractor(std::string_view document_type, std::string_view name,
                       EntityExtractor extractor) {
  std::lock_guard lock(RegistryMutex());
  Registry().push_back({std::string(document_type), std::string(name), std::move(extractor)});
}

std::vector<std::string> ExtractorNames(std::string_view document_type) {
  EnsureFamiliesRegistered();
  std::lock_guard lock(RegistryMutex());
  std::vector<std::string> names;
  for (const auto& r : Registry()) {
    if (r.type == document_type || r.type == "*") names.push_back(r.name);
  }
  return names;
}

nlohmann::json ExtractEntities(const std::vector<Page>& pages, std::string_view document_type) {
  nlohmann::json entities = {{"persons", nlohmann::json::array()},
                             {"companies", nlohmann::json::array()},
                             {"properties", nlohmann::json::array()},
                             {"amounts", nlohmann::json::array()},
                             {"dates", nlohmann::json::array()},
                             {"identity_document", nullptr},
                             {"bank", nullptr},
                             {"notary", nullptr}};
  EnsureFamiliesRegistered();
  DocumentView view(pages);
  std::vector<Registered> run;
  {
    std::lock_guard lock(RegistryMutex());
    for (const auto& r : Registry()) {
      if (r.type == document_type || r.type == "*") run.push_back(r);
    }
  }
  for (const auto& r : run) r.extractor(view, &entities);
  return entities;
}

}  // namespace notaria::analyze
