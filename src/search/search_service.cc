#include "search/search_service.h"

#include <spdlog/spdlog.h>

#include <array>
#include <map>
#include <set>

#include "search/search_text.h"

namespace notaria::search {

std::string DocumentDate(const store::DocumentRecord& doc, const nlohmann::json& entities) {
  const nlohmann::json* dates = nullptr;
  if (entities.contains("dates") && entities["dates"].is_array()) dates = &entities["dates"];
  if (dates) {
    // The document's own date, in the order a notary would file it: a deed's, a diagnostic's,
    // a notice's or a card's; an extract (Kbis) or a statement (RIB) by its edition date.
    static constexpr std::array<std::string_view, 8> kPreferred = {
        "acte",       "signature", "etablissement", "emission",
        "delivrance", "extrait",   "edition",       "dpe"};
    for (std::string_view kind : kPreferred) {
      for (const auto& d : *dates) {
        if (d.is_object() && d.value("kind", "") == kind && d["value"].is_string()) {
          return d["value"].get<std::string>().substr(0, 10);
        }
      }
    }
  }
  return doc.created_at.substr(0, 10);
}

namespace {

// Every document matching `filter`, page by page (the repository caps a page at 200).
std::vector<store::DocumentRecord> AllDocuments(store::Repository& repository,
                                                store::DocumentFilter filter) {
  std::vector<store::DocumentRecord> out;
  filter.limit = 200;
  filter.offset = 0;
  while (true) {
    store::DocumentList page = repository.ListDocuments(filter);
    for (auto& d : page.items) out.push_back(std::move(d));
    if (page.items.empty() || static_cast<int64_t>(out.size()) >= page.total) break;
    filter.offset = static_cast<int>(out.size());
  }
  return out;
}

}  // namespace

SearchService::SearchService(store::Repository& repository, SearchIndex& index)
    : repository_(repository), index_(index) {}

IndexedDocument SearchService::Build(const store::DocumentRecord& doc) {
  IndexedDocument out;
  out.document_id = doc.id;
  out.document_type = doc.document_type;
  nlohmann::json entities = nlohmann::json::object();
  if (auto extract = repository_.LoadStageOutput(doc.id, "extract")) {
    entities = extract->output.contains("entities") ? extract->output["entities"] : extract->output;
  }
  out.date = DocumentDate(doc, entities);
  out.type_words = TypeWords(doc.document_type);
  for (Page& page : repository_.LoadPages(doc.id)) {
    IndexedPage p;
    p.number = page.number;
    p.keywords = Keywords(page.text);
    p.text = std::move(page.text);
    out.pages.push_back(std::move(p));
  }
  return out;
}

void SearchService::IndexDocument(const std::string& document_id) {
  auto doc = repository_.GetDocument(document_id);
  if (!doc) return;
  index_.Index(Build(*doc));
}

SearchResults SearchService::Search(const SearchRequest& request) {
  SearchQuery query = request.query;
  const ParsedQuery parsed = ParseQuery(query.text);
  const bool identifiers = !QueryKeywords(parsed.Positive(" ")).empty();
  if (parsed.positive.empty() && !identifiers) {
    // "-prix" or "NOT prix" alone would list every document that does not say it: nobody
    // searches for that, and a result without a passage to show explains nothing.
    throw SearchQueryError(parsed.excluded.empty()
                               ? "Indiquez au moins un mot à trouver (OR, AND, NOT seuls ne "
                                 "cherchent rien)."
                               : "Indiquez au moins un mot à trouver : une exclusion (-mot, NOT "
                                 "mot) ne suffit pas.");
  }
  if (parsed.excluded.empty() && !identifiers && OnlyCommonWords(parsed)) {
    throw SearchQueryError(
        "Les mots trop courants (le, de, et…) ne sont pas cherchés : ajoutez un mot plus précis.");
  }
  if (!request.dossier_id.empty()) {
    store::DocumentFilter filter;
    filter.dossier_id = request.dossier_id;
    query.restrict_to_ids = true;
    for (const auto& d : AllDocuments(repository_, filter)) query.document_ids.push_back(d.id);
  }
  PageHits hits = index_.Search(query);
  SearchResults out;
  out.total = hits.total;
  for (const PageHit& hit : hits.hits) {
    auto doc = repository_.GetDocument(hit.document_id);
    if (!doc) {
      --out.total;  // deleted since it was indexed
      continue;
    }
    SearchResultItem item;
    item.document_id = doc->id;
    item.filename = doc->filename;
    item.document_type = doc->document_type;
    item.dossier_id = doc->dossier_id.value_or("");
    item.score = hit.score;
    item.page = hit.page;
    nlohmann::json entities = nlohmann::json::object();
    if (auto extract = repository_.LoadStageOutput(doc->id, "extract")) {
      entities =
          extract->output.contains("entities") ? extract->output["entities"] : extract->output;
    }
    item.date = DocumentDate(*doc, entities);
    std::vector<Page> pages = repository_.LoadPages(doc->id);
    // The engine's best page first; a page that does not show the query (a type word or an
    // identifier matched) gives way to the first page that does.
    const Page* shown = nullptr;
    for (const Page& p : pages) {
      if (p.number == hit.page) shown = &p;
    }
    if (shown) item.snippet = BuildSnippet(shown->text, query.text);
    if (!shown || item.snippet.hits == 0) {
      for (const Page& p : pages) {
        Snippet s = BuildSnippet(p.text, query.text);
        if (s.hits > 0) {
          item.page = p.number;
          item.snippet = std::move(s);
          break;
        }
      }
    }
    out.items.push_back(std::move(item));
  }
  return out;
}

ReindexReport SearchService::Reindex(const std::function<void(int, int)>& progress) {
  ReindexReport report;
  store::DocumentFilter filter;
  filter.status = std::string(store::kStatusDone);
  std::vector<store::DocumentRecord> docs = AllDocuments(repository_, filter);
  std::set<std::string> done;
  int n = 0;
  for (const auto& doc : docs) {
    done.insert(doc.id);
    try {
      index_.Index(Build(doc));
      ++report.indexed;
    } catch (const store::StoreUnavailable& e) {
      ++report.failed;
      spdlog::warn("reindex: document {} not read: {}", doc.id, e.what());
    }
    if (progress) progress(++n, static_cast<int>(docs.size()));
  }
  for (const std::string& id : index_.IndexedIds()) {
    if (!done.count(id)) {
      index_.Remove(id);
      ++report.removed;
    }
  }
  return report;
}

}  // namespace notaria::search
