// SearchIndex: French full-text search over the pages of analysed documents.
//
// One interface, one adapter per engine: Xapian on local files (the embedded default) and
// OpenSearch (OPENSEARCH_URL). Both index the same IndexedDocument and answer the same
// PageHits, so what a notary finds does not depend on the deployment. The index holds only
// what matching needs (page text, type, date, identifier keywords); everything shown with a
// hit (file name, dossier, snippet) is read from the repository by SearchService, which is
// the source of truth. Every method is thread-safe; an engine that cannot be reached throws
// SearchUnavailable, an invalid query SearchQueryError.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace notaria::search {

class SearchUnavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The query cannot be understood (it is the caller's fault: 400).
class SearchQueryError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct IndexedPage {
  int number = 0;    // 1-based
  std::string text;  // original UTF-8 (NFC) as stored; adapters fold it for matching
  // Identifiers written on this page, normalised by Keywords() (search_text.h):
  // "123456789" for a SIREN however it is spaced, "ab123" for cadastre parcel AB 123.
  std::vector<std::string> keywords;
};

struct IndexedDocument {
  std::string document_id;
  std::string document_type;  // code ("acte_vente"); empty when unknown
  std::string date;           // YYYY-MM-DD: the document's own date, else its upload date
  // Words a notary uses for this type ("vente", "acte", "donation"), matched with a low
  // weight so that a type word finds documents of that type.
  std::vector<std::string> type_words;
  std::vector<IndexedPage> pages;
};

struct SearchQuery {
  std::string text;                       // as typed: words, "phrases", -excluded, OR
  std::string document_type;              // exact code, empty for all
  std::vector<std::string> document_ids;  // restrict to these (a dossier's), empty for all
  bool restrict_to_ids = false;           // true with an empty list matches nothing
  std::string date_from, date_to;         // YYYY-MM-DD, inclusive, empty for open
  int limit = 20;
  int offset = 0;
};

// One document that matched, with its best page.
struct PageHit {
  std::string document_id;
  int page = 1;
  double score = 0;  // 0..1 relative to the best hit of the query
};

struct PageHits {
  int64_t total = 0;  // documents matching (exact for small indexes, else an estimate)
  std::vector<PageHit> hits;
};

class SearchIndex {
 public:
  virtual ~SearchIndex() = default;

  // Replaces everything indexed for the document (idempotent).
  virtual void Index(const IndexedDocument& document) = 0;
  virtual void Remove(const std::string& document_id) = 0;
  // Ranked documents (one hit per document, its best page first), after offset and limit.
  virtual PageHits Search(const SearchQuery& query) = 0;
  // Ids of every document in the index (for `notaria reindex` to drop the stale ones).
  virtual std::vector<std::string> IndexedIds() = 0;
  virtual bool Ping() = 0;
  virtual std::string Engine() const = 0;  // "xapian" | "opensearch"
};

}  // namespace notaria::search
