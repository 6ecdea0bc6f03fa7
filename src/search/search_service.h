// SearchService: what the API and the pipeline ask of search, whatever the engine.
//
// It builds what is indexed from the repository (pages, type, date, identifiers) and turns
// an engine's page hits into what a notary reads: file name, type, dossier, the page to open
// and a snippet of that page in its own characters. The repository is the source of truth:
// a hit whose document was deleted meanwhile is dropped, and a dossier filter is resolved
// to the dossier's documents at query time, so attaching a document never waits for the
// index.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "search/search_index.h"
#include "search/snippet.h"
#include "store/repository.h"

namespace notaria::search {

struct SearchRequest {
  SearchQuery query;       // document_ids/restrict_to_ids are set from dossier_id
  std::string dossier_id;  // empty for all
};

struct SearchResultItem {
  std::string document_id;
  std::string filename;
  std::string document_type;
  std::string dossier_id;  // empty when in none
  std::string date;        // the document's date as indexed (YYYY-MM-DD)
  double score = 0;
  int page = 1;
  Snippet snippet;
};

struct SearchResults {
  int64_t total = 0;
  std::vector<SearchResultItem> items;
};

// The date a notary means by "the document's date" (what search shows and filters on): the
// deed's, else the signature's, else the date a form was issued or edited (a Kbis extract, a
// RIB); the upload date only when the document states none.
std::string DocumentDate(const store::DocumentRecord& doc, const nlohmann::json& entities);

struct ReindexReport {
  int indexed = 0;
  int removed = 0;  // in the index but no longer a done document
  int failed = 0;   // could not be read from the repository
};

class SearchService {
 public:
  SearchService(store::Repository& repository, SearchIndex& index);

  // Indexes a document from its stored pages and stage outputs (replacing what was there).
  // Throws SearchUnavailable when the engine is down.
  void IndexDocument(const std::string& document_id);
  void RemoveDocument(const std::string& document_id) { index_.Remove(document_id); }

  // Throws SearchQueryError for a query that cannot be read, SearchUnavailable when down.
  SearchResults Search(const SearchRequest& request);

  // Indexes every done document again and removes the entries of the others; `progress`
  // receives (done, total) after each document.
  ReindexReport Reindex(const std::function<void(int, int)>& progress = {});

  // The document as indexed (exposed for tests and the OpenSearch adapter's bulk tests).
  IndexedDocument Build(const store::DocumentRecord& doc);

  SearchIndex& index() { return index_; }

 private:
  store::Repository& repository_;
  SearchIndex& index_;
};

}  // namespace notaria::search
