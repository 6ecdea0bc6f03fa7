// OpenSearchIndex: the SearchIndex adapter for an OpenSearch cluster (OPENSEARCH_URL).
//
// One OpenSearch document per page, `_id` "<document_id>#<page>", in one index (default
// "notaria-pages") created on first use with the analyzer "french_folded" (lower case, no
// accents, French elision, stop words and light stemmer), so "Créteil" finds "CRETEIL" and
// "donations" finds "donation" as with Xapian. Queries are read as simple_query_string with
// every word required ("phrases", -exclusions and OR as the notary types them); the
// identifiers of the query (QueryKeywords) match the pages' keywords on their own, however
// the page spaces them. Results are collapsed to one hit per document, its best page, and
// `total` counts documents, not pages.
//
// Index() writes the new pages with refresh=wait_for, then deletes the document's other
// pages, so a document never disappears from the results while it is reindexed and is
// searchable when the call returns. Every failure to get a usable answer (no answer, 5xx,
// 429, a shape we do not know) throws SearchUnavailable naming the status and OpenSearch's
// error type, never a page's text nor the query; a 400 to a search throws SearchQueryError.
// Thread-safe when the transport is.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "search/search_index.h"
#include "verify/http_transport.h"

namespace notaria::search {

struct OpenSearchOptions {
  // "http[s]://[user:password@]host:9200[/prefix]"; userinfo is percent-decoded and removed
  // from every URL sent, so the password never reaches a log or a message.
  std::string url;
  std::string index = "notaria-pages";
  std::string user;      // overrides the URL's userinfo when set
  std::string password;  // idem
  std::chrono::milliseconds request_timeout{10000};
  std::chrono::milliseconds write_timeout{30000};  // _bulk and _delete_by_query
  std::chrono::milliseconds ping_timeout{3000};
  // Bulk bodies are split near this size: OpenSearch refuses bodies over
  // http.max_content_length (100 MB by default) and large ones stall its write queue.
  size_t bulk_chunk_bytes = 5u << 20;
  int ids_page_size = 1000;  // composite aggregation page for IndexedIds
};

class OpenSearchIndex : public SearchIndex {
 public:
  // Throws std::invalid_argument for a URL that is not http(s) or an invalid index name.
  OpenSearchIndex(verify::HttpTransport& transport, OpenSearchOptions options);

  void Index(const IndexedDocument& document) override;
  void Remove(const std::string& document_id) override;
  PageHits Search(const SearchQuery& query) override;
  std::vector<std::string> IndexedIds() override;
  bool Ping() override;
  std::string Engine() const override { return "opensearch"; }

  const std::string& base_url() const { return base_url_; }  // without credentials

  // The settings and mappings of the index (exposed for tests).
  static nlohmann::json IndexDefinition();

 private:
  verify::HttpResponse Send(const std::string& method, const std::string& path, std::string body,
                            std::chrono::milliseconds timeout,
                            const char* content_type = "application/json") const;
  // The answer of a search (nullopt when the index does not exist yet); a query the engine
  // refuses is a SearchQueryError, anything else but a 2xx SearchUnavailable.
  std::optional<nlohmann::json> PostSearch(const nlohmann::json& body) const;
  // Ids of the documents with one of `excluded` (words, "phrases", identifiers) on any page,
  // among those `filters` keep.
  std::vector<std::string> DocumentsWith(const std::vector<std::string>& excluded,
                                         const nlohmann::json& filters) const;
  // The JSON answer of a 2xx; throws SearchUnavailable otherwise.
  nlohmann::json Expect(const verify::HttpResponse& response, std::string_view what) const;
  void EnsureIndex();
  void DeleteByQuery(const nlohmann::json& query, std::string_view what);
  void SendBulk(const std::string& body, bool last, const std::string& document_id);

  verify::HttpTransport& transport_;
  OpenSearchOptions options_;
  std::string base_url_;
  std::string authorization_;  // "Basic ..." or empty
  std::mutex create_mu_;
  std::atomic<bool> index_ready_{false};
};

}  // namespace notaria::search
