#include "search/opensearch_index.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <stdexcept>
#include <utility>

#include "search/search_text.h"

namespace notaria::search {
namespace {

using nlohmann::json;

// Operators of simple_query_string we let through: no prefix (*), fuzziness or slop (~N),
// which Xapian does not offer either, and no escape, so a stray backslash is just dropped.
constexpr char kQueryFlags[] = "OR|AND|NOT|PHRASE|PRECEDENCE|WHITESPACE";
// A page found by an identifier of the query ranks with a page that says the query's words.
constexpr double kKeywordBoost = 2.0;
// Type words only tip the balance between pages that say the query's words.
constexpr char kTypeWordsField[] = "type_words^0.3";
// Counts are exact up to this many documents (OpenSearch's maximum), then approximate.
constexpr int kCardinalityPrecision = 40000;
// The documents an exclusion leaves out are listed in one request, up to OpenSearch's default
// result window; past that many documents saying the word, the rest are not left out.
constexpr int kMaxExcludedDocuments = 10000;

std::string Dump(const json& value) {
  // OCR text may hold invalid UTF-8; dump would throw on it.
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      int hi = HexValue(s[i + 1]);
      int lo = HexValue(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

std::string Base64(std::string_view in) {
  static constexpr char kTable[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t n = (static_cast<uint8_t>(in[i]) << 16) | (static_cast<uint8_t>(in[i + 1]) << 8) |
                 static_cast<uint8_t>(in[i + 2]);
    out += {kTable[(n >> 18) & 63], kTable[(n >> 12) & 63], kTable[(n >> 6) & 63], kTable[n & 63]};
  }
  if (i + 1 == in.size()) {
    uint32_t n = static_cast<uint8_t>(in[i]) << 16;
    out += {kTable[(n >> 18) & 63], kTable[(n >> 12) & 63], '=', '='};
  } else if (i + 2 == in.size()) {
    uint32_t n = (static_cast<uint8_t>(in[i]) << 16) | (static_cast<uint8_t>(in[i + 1]) << 8);
    out += {kTable[(n >> 18) & 63], kTable[(n >> 12) & 63], kTable[(n >> 6) & 63], '='};
  }
  return out;
}

// OpenSearch's rules for index names, checked here so that the name can go into paths as is.
bool ValidIndexName(std::string_view name) {
  if (name.empty() || name.size() > 255 || name == "." || name == "..") return false;
  if (name[0] == '-' || name[0] == '_' || name[0] == '+') return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

// OpenSearch's error type ("index_not_found_exception"), empty when the body has none.
std::string ErrorType(const json& body) {
  if (!body.is_object()) return "";
  auto it = body.find("error");
  if (it == body.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (!it->is_object()) return "";
  if (auto type = it->find("type"); type != it->end() && type->is_string()) {
    return type->get<std::string>();
  }
  return "";
}

// The type of the first root cause: a search_phase_execution_exception wraps the real one.
std::string RootCauseType(const json& body) {
  if (body.is_object() && body.contains("error") && body["error"].is_object()) {
    const json& error = body["error"];
    if (auto rc = error.find("root_cause");
        rc != error.end() && rc->is_array() && !rc->empty() && (*rc)[0].is_object()) {
      std::string type = (*rc)[0].value("type", "");
      if (!type.empty()) return type;
    }
  }
  return ErrorType(body);
}

json ParseBody(const std::string& body) { return json::parse(body, nullptr, false); }

// A bulk item's reason may quote the value that failed to parse; only the part before the
// quotation names the field, and no page text belongs in a message.
std::string SafeReason(std::string reason) {
  for (const char* cut : {". Preview of field's value", " Preview of field's value"}) {
    if (size_t at = reason.find(cut); at != std::string::npos) reason.resize(at);
  }
  if (reason.size() > 300) reason = reason.substr(0, 300) + "...";
  return reason;
}

}  // namespace

OpenSearchIndex::OpenSearchIndex(verify::HttpTransport& transport, OpenSearchOptions options)
    : transport_(transport), options_(std::move(options)) {
  std::string url = options_.url;
  size_t scheme_end = url.find("://");
  std::string scheme = scheme_end == std::string::npos ? "" : Lower(url.substr(0, scheme_end));
  if (scheme != "http" && scheme != "https") {
    throw std::invalid_argument("OPENSEARCH_URL must start with http:// or https://");
  }
  size_t authority = scheme_end + 3;
  size_t path = url.find('/', authority);
  std::string host_part =
      url.substr(authority, path == std::string::npos ? std::string::npos : path - authority);
  std::string user, password;
  if (size_t at = host_part.rfind('@'); at != std::string::npos) {
    std::string userinfo = host_part.substr(0, at);
    host_part = host_part.substr(at + 1);
    size_t colon = userinfo.find(':');
    user = PercentDecode(userinfo.substr(0, colon));
    if (colon != std::string::npos) password = PercentDecode(userinfo.substr(colon + 1));
  }
  if (host_part.empty()) throw std::invalid_argument("OPENSEARCH_URL has no host");
  base_url_ = scheme + "://" + host_part + (path == std::string::npos ? "" : url.substr(path));
  while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
  if (!options_.user.empty()) {
    user = options_.user;
    password = options_.password;
  }
  if (!user.empty()) authorization_ = "Basic " + Base64(user + ":" + password);
  if (!ValidIndexName(options_.index)) {
    throw std::invalid_argument("OPENSEARCH_INDEX '" + options_.index +
                                "' is not a valid index name (lower case letters, digits, - _ .)");
  }
  options_.user.clear();
  options_.password.clear();
  options_.url.clear();  // the credentials live only in authorization_
}

json OpenSearchIndex::IndexDefinition() {
  json analysis = {
      // "196 000,00" and "1.500.000" are split at their inner separators, as FoldForSearch
      // splits them for Xapian, so that "196 000" typed finds a price written with cents.
      {"char_filter",
       {{"number_separators",
         {{"type", "pattern_replace"}, {"pattern", "(\\d)[.,](?=\\d)"}, {"replacement", "$1 "}}}}},
      {"filter",
       {{"french_elision",
         {{"type", "elision"},
          {"articles_case", true},
          {"articles",
           {"l", "m", "t", "qu", "n", "s", "j", "d", "c", "jusqu", "quoiqu", "lorsqu", "puisqu"}}}},
        {"french_stop", {{"type", "stop"}, {"stopwords", "_french_"}}},
        {"french_stemmer", {{"type", "stemmer"}, {"language", "light_french"}}}}},
      {"analyzer",
       {{"french_folded",
         {{"type", "custom"},
          {"char_filter", {"number_separators"}},
          {"tokenizer", "standard"},
          // Folded before the stop words and the stemmer, so that "a" and "à", "ete" and
          // "été" are read alike whichever way the page or the query writes them.
          {"filter",
           {"lowercase", "asciifolding", "french_elision", "french_stop", "french_stemmer"}}}}}}};
  json properties = {{"document_id", {{"type", "keyword"}}},
                     {"page", {{"type", "integer"}}},
                     {"document_type", {{"type", "keyword"}}},
                     {"date", {{"type", "date"}, {"format", "yyyy-MM-dd"}}},
                     {"text", {{"type", "text"}, {"analyzer", "french_folded"}}},
                     {"keywords", {{"type", "keyword"}}},
                     {"type_words", {{"type", "text"}, {"analyzer", "french_folded"}}}};
  return {{"settings", {{"analysis", analysis}}},
          {"mappings",
           {// Fields we did not declare are kept in _source but not indexed, rather than
            // refused (dynamic: strict) or guessed (dynamic: true).
            {"dynamic", false},
            // The repository is the source of truth for snippets: storing the text twice in
            // OpenSearch would double the index for nothing.
            {"_source", {{"excludes", {"text", "type_words"}}}},
            {"properties", properties}}}};
}

verify::HttpResponse OpenSearchIndex::Send(const std::string& method, const std::string& path,
                                           std::string body, std::chrono::milliseconds timeout,
                                           const char* content_type) const {
  verify::HttpRequest request;
  request.method = method;
  request.url = base_url_ + path;
  request.headers = {{"Accept", "application/json"}};
  if (!body.empty() || method == "POST" || method == "PUT") {
    request.headers.emplace_back("Content-Type", content_type);
  }
  if (!authorization_.empty()) request.headers.emplace_back("Authorization", authorization_);
  request.body = std::move(body);
  request.timeout = timeout;
  request.max_body_bytes = 32u << 20;
  return transport_.Send(request);
}

json OpenSearchIndex::Expect(const verify::HttpResponse& response, std::string_view what) const {
  if (!response.transport_error.empty()) {
    throw SearchUnavailable("opensearch: no answer from " + base_url_ + " to " + std::string(what) +
                            " (" + (response.timed_out ? "timeout: " : "") +
                            response.transport_error + ")");
  }
  json body = ParseBody(response.body);
  if (!response.ok()) {
    std::string type = ErrorType(body);
    std::string message = "opensearch: HTTP " + std::to_string(response.status) + " to " +
                          std::string(what) + (type.empty() ? "" : " (" + type + ")");
    if (response.status == 401 || response.status == 403) {
      message += ": check OPENSEARCH_USER and OPENSEARCH_PASSWORD";
    }
    throw SearchUnavailable(message);
  }
  if (!body.is_object()) {
    throw SearchUnavailable("opensearch: the answer to " + std::string(what) +
                            " is not a JSON object");
  }
  return body;
}

void OpenSearchIndex::EnsureIndex() {
  if (index_ready_.load()) return;
  std::lock_guard lock(create_mu_);
  if (index_ready_.load()) return;
  const std::string path = "/" + options_.index;
  verify::HttpResponse head = Send("HEAD", path, "", options_.request_timeout);
  if (head.transport_error.empty() && head.status == 404) {
    verify::HttpResponse put = Send("PUT", path, Dump(IndexDefinition()), options_.request_timeout);
    // Another process created it between our HEAD and PUT: theirs has the same definition.
    bool raced = put.transport_error.empty() && put.status == 400 &&
                 ErrorType(ParseBody(put.body)) == "resource_already_exists_exception";
    if (!raced) {
      Expect(put, "create index " + options_.index);
      spdlog::info("opensearch: created index {} on {}", options_.index, base_url_);
    }
  } else if (head.transport_error.empty() && head.ok()) {
    // exists
  } else {
    // HEAD answers have no body: Expect names the status or the transport error.
    Expect(head, "check index " + options_.index);
  }
  index_ready_.store(true);
}

void OpenSearchIndex::SendBulk(const std::string& body, bool last, const std::string& document_id) {
  // A refresh makes every earlier write visible too, so only the last chunk waits for one.
  std::string path = last ? "/_bulk?refresh=wait_for" : "/_bulk";
  json answer = Expect(Send("POST", path, body, options_.write_timeout, "application/x-ndjson"),
                       "bulk index document " + document_id);
  auto errors = answer.find("errors");
  auto items = answer.find("items");
  if (errors == answer.end() || !errors->is_boolean() || items == answer.end() ||
      !items->is_array()) {
    throw SearchUnavailable("opensearch: the bulk answer for document " + document_id +
                            " has no errors/items");
  }
  if (!errors->get<bool>()) return;
  size_t failed = 0;
  std::string first;
  for (const json& item : *items) {
    if (!item.is_object() || item.empty()) continue;
    const json& result = item.begin().value();
    if (!result.is_object() || !result.contains("error")) continue;
    ++failed;
    if (first.empty()) {
      const json& error = result["error"];
      std::string type = error.is_object() ? error.value("type", "") : "";
      std::string reason = error.is_object() ? error.value("reason", "") : "";
      std::string id = result.value("_id", "");
      first = (id.empty() ? "" : id + ": ") + (type.empty() ? "error" : type) +
              (reason.empty() ? "" : " (" + SafeReason(reason) + ")");
    }
  }
  throw SearchUnavailable("opensearch: indexing document " + document_id + " failed for " +
                          std::to_string(failed) + " of " + std::to_string(items->size()) +
                          " page(s); first: " + (first.empty() ? "unknown error" : first));
}

void OpenSearchIndex::DeleteByQuery(const json& query, std::string_view what) {
  verify::HttpResponse response =
      Send("POST", "/" + options_.index + "/_delete_by_query?refresh=true&conflicts=proceed",
           Dump({{"query", query}}), options_.write_timeout);
  // Nothing was ever indexed: nothing to delete.
  if (response.transport_error.empty() && response.status == 404 &&
      ErrorType(ParseBody(response.body)) == "index_not_found_exception") {
    return;
  }
  json answer = Expect(response, what);
  bool timed_out = answer.value("timed_out", false);
  auto failures = answer.find("failures");
  if (timed_out || (failures != answer.end() && failures->is_array() && !failures->empty())) {
    std::string type;
    if (!timed_out && (*failures)[0].is_object() && (*failures)[0].contains("cause") &&
        (*failures)[0]["cause"].is_object()) {
      type = (*failures)[0]["cause"].value("type", "");
    }
    throw SearchUnavailable("opensearch: " + std::string(what) + " left pages behind (" +
                            (timed_out ? std::string("timed out") : "failures: " + type) + ")");
  }
}

void OpenSearchIndex::Index(const IndexedDocument& document) {
  EnsureIndex();
  const std::string& id = document.document_id;
  json ids = json::array();
  std::string chunk;
  bool first_page = true;
  for (const IndexedPage& page : document.pages) {
    std::string page_id = id + "#" + std::to_string(page.number);
    ids.push_back(page_id);
    json source = {{"document_id", id},
                   {"page", page.number},
                   {"document_type", document.document_type},
                   {"text", page.text},
                   {"keywords", page.keywords}};
    if (!document.date.empty()) source["date"] = document.date;  // "" is not a date
    // The type's words count once, on the first page, as in XapianIndex: enough for
    // "donation" to find the donations without outranking a page that says the word.
    if (first_page) source["type_words"] = document.type_words;
    first_page = false;
    std::string lines = Dump({{"index", {{"_index", options_.index}, {"_id", page_id}}}}) + "\n" +
                        Dump(source) + "\n";
    if (!chunk.empty() && chunk.size() + lines.size() > options_.bulk_chunk_bytes) {
      SendBulk(chunk, false, id);
      chunk.clear();
    }
    chunk += lines;
  }
  if (!chunk.empty()) SendBulk(chunk, true, id);
  // After the new pages, not before: the document stays findable while it is replaced.
  json stale = {{"bool", {{"filter", json::array({{{"term", {{"document_id", id}}}}})}}}};
  if (!ids.empty()) stale["bool"]["must_not"] = json::array({{{"ids", {{"values", ids}}}}});
  DeleteByQuery(stale, "delete the old pages of document " + id);
}

void OpenSearchIndex::Remove(const std::string& document_id) {
  DeleteByQuery({{"term", {{"document_id", document_id}}}}, "remove document " + document_id);
}

std::optional<json> OpenSearchIndex::PostSearch(const json& body) const {
  verify::HttpResponse response =
      Send("POST", "/" + options_.index + "/_search", Dump(body), options_.request_timeout);
  if (response.transport_error.empty() && response.status == 400) {
    json error = ParseBody(response.body);
    std::string type = RootCauseType(error);
    spdlog::debug("opensearch refused a query: {}", type);
    throw SearchQueryError(
        "La recherche ne peut pas être comprise : vérifiez les guillemets et les parenthèses.");
  }
  if (response.transport_error.empty() && response.status == 404 &&
      ErrorType(ParseBody(response.body)) == "index_not_found_exception") {
    return std::nullopt;
  }
  return Expect(response, "search");
}

std::vector<std::string> OpenSearchIndex::DocumentsWith(const std::vector<std::string>& excluded,
                                                        const json& filters) const {
  std::string words;
  for (const std::string& e : excluded) words += (words.empty() ? "" : " | ") + e;
  json should = json::array({{{"simple_query_string",
                               {{"query", words},
                                {"fields", {"text", "type_words"}},
                                {"default_operator", "and"},
                                {"flags", kQueryFlags}}}}});
  // Each exclusion on its own, as XapianIndex: "-\"123 456 789\"" is an identifier even
  // beside excluded words.
  for (const std::string& e : excluded) {
    for (const std::string& k : QueryKeywords(e)) should.push_back({{"term", {{"keywords", k}}}});
  }
  json body = {
      {"size", kMaxExcludedDocuments},
      {"_source", {"document_id"}},
      {"query", {{"bool", {{"should", should}, {"minimum_should_match", 1}, {"filter", filters}}}}},
      {"collapse", {{"field", "document_id"}}}};
  std::vector<std::string> ids;
  std::optional<json> answer = PostSearch(body);
  if (!answer) return ids;
  const json* hits = nullptr;
  if (auto h = answer->find("hits"); h != answer->end() && h->is_object()) {
    if (auto hh = h->find("hits"); hh != h->end() && hh->is_array()) hits = &*hh;
  }
  if (hits == nullptr) throw SearchUnavailable("opensearch: the exclusion answer has no hits");
  for (const json& hit : *hits) {
    if (!hit.is_object() || !hit.contains("_source") || !hit["_source"].is_object() ||
        !hit["_source"].contains("document_id") || !hit["_source"]["document_id"].is_string()) {
      throw SearchUnavailable("opensearch: an exclusion hit has no document_id");
    }
    ids.push_back(hit["_source"]["document_id"].get<std::string>());
  }
  return ids;
}

PageHits OpenSearchIndex::Search(const SearchQuery& query) {
  PageHits out;
  if (query.restrict_to_ids && query.document_ids.empty()) return out;
  ParsedQuery parsed = ParseQuery(query.text);
  const std::string positive = parsed.Positive("|");
  std::vector<std::string> keywords = QueryKeywords(parsed.Positive(" "));
  // As XapianIndex: exclusions alone designate nothing (SearchService refuses them).
  if (positive.empty() && keywords.empty()) return out;

  json should = json::array();
  if (!positive.empty()) {
    should.push_back({{"simple_query_string",
                       {{"query", positive},
                        {"fields", {"text", kTypeWordsField}},
                        {"default_operator", "and"},
                        {"flags", kQueryFlags}}}});
  }
  if (!keywords.empty()) {
    // Every identifier of the query, however the page writes it, as XapianIndex requires.
    json terms = json::array();
    for (const std::string& k : keywords) terms.push_back({{"term", {{"keywords", k}}}});
    should.push_back({{"constant_score",
                       {{"filter", {{"bool", {{"filter", terms}}}}}, {"boost", kKeywordBoost}}}});
  }
  json matching = {{"bool", {{"should", should}, {"minimum_should_match", 1}}}};
  json filters = json::array();
  if (!query.document_type.empty()) {
    filters.push_back({{"term", {{"document_type", query.document_type}}}});
  }
  if (query.restrict_to_ids) filters.push_back({{"terms", {{"document_id", query.document_ids}}}});
  if (!query.date_from.empty() || !query.date_to.empty()) {
    json range = {{"format", "yyyy-MM-dd"}};
    if (!query.date_from.empty()) range["gte"] = query.date_from;
    if (!query.date_to.empty()) range["lte"] = query.date_to;
    filters.push_back({{"range", {{"date", range}}}});
  }
  if (!parsed.excluded.empty()) {
    // Pages are indexed one by one: a page-level must_not would keep a document whose other
    // pages say the excluded word. The documents that say it are found first, then left out.
    std::vector<std::string> left_out = DocumentsWith(parsed.excluded, filters);
    if (!left_out.empty()) {
      matching["bool"]["must_not"] = json::array({{{"terms", {{"document_id", left_out}}}}});
    }
  }
  json body = {
      {"from", std::max(0, query.offset)},
      {"size", std::max(0, query.limit)},
      {"_source", {"document_id", "page"}},
      {"query", {{"bool", {{"must", json::array({matching})}, {"filter", filters}}}}},
      {"collapse", {{"field", "document_id"}}},
      // Ties broken by id then page, so that paging is stable and a document's best page is
      // its first among equals; track_scores keeps _score and max_score with this sort.
      {"sort", json::array({{{"_score", "desc"}}, {{"document_id", "asc"}}, {{"page", "asc"}}})},
      {"track_scores", true},
      // hits.total counts pages, not documents, under collapse.
      {"aggs",
       {{"docs",
         {{"cardinality",
           {{"field", "document_id"}, {"precision_threshold", kCardinalityPrecision}}}}}}}};

  std::optional<json> found = PostSearch(body);
  if (!found) return out;  // nothing indexed yet
  json& answer = *found;
  const json* hits = nullptr;
  if (auto h = answer.find("hits"); h != answer.end() && h->is_object()) {
    if (auto hh = h->find("hits"); hh != h->end() && hh->is_array()) hits = &*hh;
  }
  const json* total = nullptr;
  if (auto a = answer.find("aggregations"); a != answer.end() && a->is_object()) {
    if (auto d = a->find("docs"); d != a->end() && d->is_object()) {
      if (auto v = d->find("value"); v != d->end() && v->is_number()) total = &*v;
    }
  }
  if (hits == nullptr || total == nullptr) {
    throw SearchUnavailable("opensearch: the search answer has no hits or document count");
  }
  out.total = total->get<int64_t>();
  // max_score is the best of the whole query, also when this page starts further down.
  double max_score = 0;
  if (const json& m = answer["hits"]["max_score"]; m.is_number()) max_score = m.get<double>();
  for (const json& hit : *hits) {
    if (!hit.is_object() || !hit.contains("_source") || !hit["_source"].is_object()) {
      throw SearchUnavailable("opensearch: a search hit has no _source");
    }
    const json& source = hit["_source"];
    if (!source.contains("document_id") || !source["document_id"].is_string() ||
        !source.contains("page") || !source["page"].is_number_integer()) {
      throw SearchUnavailable("opensearch: a search hit has no document_id or page");
    }
    PageHit page_hit;
    page_hit.document_id = source["document_id"].get<std::string>();
    page_hit.page = source["page"].get<int>();
    double score =
        hit.contains("_score") && hit["_score"].is_number() ? hit["_score"].get<double>() : 0;
    page_hit.score = max_score > 0 ? std::clamp(score / max_score, 0.0, 1.0) : 1.0;
    out.hits.push_back(std::move(page_hit));
  }
  // A cardinality estimate can fall short of what we were just shown.
  out.total = std::max<int64_t>(out.total, std::max(0, query.offset) + out.hits.size());
  return out;
}

std::vector<std::string> OpenSearchIndex::IndexedIds() {
  std::vector<std::string> ids;
  const int page_size = std::max(1, options_.ids_page_size);
  json after;
  for (;;) {
    json composite = {
        {"size", page_size},
        {"sources", json::array({{{"id", {{"terms", {{"field", "document_id"}}}}}}})}};
    if (!after.is_null()) composite["after"] = after;
    json body = {
        {"size", 0}, {"track_total_hits", false}, {"aggs", {{"ids", {{"composite", composite}}}}}};
    verify::HttpResponse response =
        Send("POST", "/" + options_.index + "/_search", Dump(body), options_.request_timeout);
    if (response.transport_error.empty() && response.status == 404 &&
        ErrorType(ParseBody(response.body)) == "index_not_found_exception") {
      return ids;
    }
    json answer = Expect(response, "list the indexed documents");
    const json* agg = nullptr;
    if (auto a = answer.find("aggregations"); a != answer.end() && a->is_object()) {
      if (auto i = a->find("ids"); i != a->end() && i->is_object()) agg = &*i;
    }
    if (agg == nullptr || !agg->contains("buckets") || !(*agg)["buckets"].is_array()) {
      throw SearchUnavailable("opensearch: the composite aggregation answer has no buckets");
    }
    const json& buckets = (*agg)["buckets"];
    for (const json& b : buckets) {
      if (!b.is_object() || !b.contains("key") || !b["key"].is_object() ||
          !b["key"].contains("id") || !b["key"]["id"].is_string()) {
        throw SearchUnavailable("opensearch: a composite bucket has no key.id");
      }
      ids.push_back(b["key"]["id"].get<std::string>());
    }
    // A short page is the last; so is one without after_key.
    auto next = agg->find("after_key");
    if (static_cast<int>(buckets.size()) < page_size || next == agg->end() || !next->is_object()) {
      return ids;
    }
    after = *next;
  }
}

bool OpenSearchIndex::Ping() {
  verify::HttpResponse response = Send("GET", "/", "", options_.ping_timeout);
  if (!response.ok()) {
    spdlog::debug("opensearch: ping {} failed (status {}, {})", base_url_, response.status,
                  response.transport_error);
  }
  return response.ok();
}

}  // namespace notaria::search
