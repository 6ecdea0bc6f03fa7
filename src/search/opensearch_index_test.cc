#include "search/opensearch_index.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "verify/http_transport.h"
#include "verify/testing/replay_server.h"

namespace notaria::search {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using verify::testing::RecordedRequest;
using verify::testing::ReplayRoute;
using verify::testing::ReplayServer;

constexpr char kIndexPath[] = "/notaria-pages";
constexpr char kSearchPath[] = "/notaria-pages/_search";
constexpr char kDeletePath[] = "/notaria-pages/_delete_by_query";

// Synthetic answers written from the OpenSearch REST API documentation (see the README).
std::string Fixture(const std::string& name) {
  return std::string(NOTARIA_SOURCE_DIR) + "/tests/fixtures/opensearch/" + name;
}

std::string ReadFixture(const std::string& name) {
  std::ifstream in(Fixture(name), std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

IndexedDocument SaleDocument() {
  IndexedDocument d;
  d.document_id = "doc-vente-1";
  d.document_type = "acte_vente";
  d.date = "2024-03-12";
  d.type_words = {"acte", "vente"};
  d.pages = {
      {1, "ACTE DE VENTE\nLe vendeur, domicilié à CRÉTEIL (94000)...", {"123456789"}},
      {2, "Parcelle cadastrée section AB n° 123, d'une contenance de 5 a 20 ca.", {"ab123"}}};
  return d;
}

std::vector<json> NdjsonLines(const std::string& body) {
  std::vector<json> lines;
  std::istringstream in(body);
  for (std::string line; std::getline(in, line);) lines.push_back(json::parse(line));
  return lines;
}

class OpenSearchIndexTest : public ::testing::Test {
 protected:
  std::unique_ptr<OpenSearchIndex> Make(OpenSearchOptions options = {}) {
    if (options.url.empty()) options.url = server_.base_url() + "/";
    return std::make_unique<OpenSearchIndex>(transport_, options);
  }
  void Route(const std::string& method, const std::string& path, int status,
             const std::string& body, int times = 0) {
    ReplayRoute route;
    route.method = method;
    route.path = path;
    route.status = status;
    route.body = body;
    route.times = times;
    server_.Add(route);
  }
  void File(const std::string& method, const std::string& path, const std::string& name,
            int status = 200) {
    server_.AddFile(method, path, {}, Fixture(name), status);
  }
  // An existing index that accepts writes.
  void WritableIndex() {
    Route("HEAD", kIndexPath, 200, "");
    File("POST", "/_bulk", "bulk_ok.json");
    File("POST", kDeletePath, "delete_by_query.json");
  }
  std::vector<RecordedRequest> RequestsTo(const std::string& path_prefix) const {
    std::vector<RecordedRequest> out;
    for (const auto& r : server_.requests()) {
      if (r.target.rfind(path_prefix, 0) == 0) out.push_back(r);
    }
    return out;
  }
  json LastSearchBody() const {
    auto searches = RequestsTo(kSearchPath);
    EXPECT_FALSE(searches.empty());
    return searches.empty() ? json() : json::parse(searches.back().body);
  }

  ReplayServer server_;
  verify::CurlTransport transport_;
};

// --- index creation -----------------------------------------------------------------------

TEST_F(OpenSearchIndexTest, CreatesTheIndexWithTheFrenchFoldedAnalyzerWhenMissing) {
  Route("HEAD", kIndexPath, 404, "");
  File("PUT", kIndexPath, "create_index.json");
  File("POST", "/_bulk", "bulk_ok.json");
  File("POST", kDeletePath, "delete_by_query.json");
  Make()->Index(SaleDocument());

  auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 4u);
  EXPECT_EQ(requests[0].method, "HEAD");
  EXPECT_EQ(requests[0].target, kIndexPath);
  EXPECT_EQ(requests[1].method, "PUT");
  EXPECT_EQ(requests[1].target, kIndexPath);
  EXPECT_EQ(requests[1].headers["content-type"], "application/json");
  json definition = json::parse(requests[1].body);
  EXPECT_EQ(definition, OpenSearchIndex::IndexDefinition());
  const json& analyzer = definition["settings"]["analysis"]["analyzer"]["french_folded"];
  EXPECT_EQ(analyzer["tokenizer"], "standard");
  EXPECT_EQ(analyzer["char_filter"], json({"number_separators"}));
  const json& separators = definition["settings"]["analysis"]["char_filter"]["number_separators"];
  EXPECT_EQ(separators["pattern"], "(\\d)[.,](?=\\d)");
  EXPECT_EQ(separators["replacement"], "$1 ");
  EXPECT_EQ(analyzer["filter"],
            json({"lowercase", "asciifolding", "french_elision", "french_stop", "french_stemmer"}));
  const json& filters = definition["settings"]["analysis"]["filter"];
  EXPECT_EQ(filters["french_stemmer"]["language"], "light_french");
  EXPECT_EQ(filters["french_stop"]["stopwords"], "_french_");
  EXPECT_EQ(filters["french_elision"]["type"], "elision");
  const json& properties = definition["mappings"]["properties"];
  EXPECT_EQ(properties["document_id"]["type"], "keyword");
  EXPECT_EQ(properties["page"]["type"], "integer");
  EXPECT_EQ(properties["document_type"]["type"], "keyword");
  EXPECT_EQ(properties["date"], json({{"type", "date"}, {"format", "yyyy-MM-dd"}}));
  EXPECT_EQ(properties["text"], json({{"type", "text"}, {"analyzer", "french_folded"}}));
  EXPECT_EQ(properties["keywords"]["type"], "keyword");
  EXPECT_EQ(properties["type_words"]["analyzer"], "french_folded");
  EXPECT_EQ(requests[2].target, "/_bulk?refresh=wait_for");
  EXPECT_EQ(requests[3].method, "POST");
}

TEST_F(OpenSearchIndexTest, DoesNotRecreateAnExistingIndexAndChecksItOnce) {
  WritableIndex();
  auto index = Make();
  index->Index(SaleDocument());
  index->Index(SaleDocument());
  auto requests = server_.requests();
  int heads = 0;
  for (const auto& r : requests) {
    EXPECT_NE(r.method, "PUT");
    if (r.method == "HEAD") ++heads;
  }
  EXPECT_EQ(heads, 1);
  EXPECT_EQ(RequestsTo("/_bulk").size(), 2u);
}

TEST_F(OpenSearchIndexTest, AnIndexCreatedConcurrentlyIsFine) {
  Route("HEAD", kIndexPath, 404, "");
  File("PUT", kIndexPath, "create_index_already_exists.json", 400);
  File("POST", "/_bulk", "bulk_ok.json");
  File("POST", kDeletePath, "delete_by_query.json");
  EXPECT_NO_THROW(Make()->Index(SaleDocument()));
  EXPECT_EQ(RequestsTo("/_bulk").size(), 1u);
}

TEST_F(OpenSearchIndexTest, AFailedCreationIsUnavailableAndRetriedNextTime) {
  Route("HEAD", kIndexPath, 404, "");
  File("PUT", kIndexPath, "unavailable_503.json", 503);
  auto index = Make();
  EXPECT_THROW(index->Index(SaleDocument()), SearchUnavailable);
  EXPECT_THROW(index->Index(SaleDocument()), SearchUnavailable);
  EXPECT_EQ(RequestsTo(kIndexPath).size(), 4u);  // HEAD + PUT, twice
  EXPECT_TRUE(RequestsTo("/_bulk").empty());
}

// --- Index ---------------------------------------------------------------------------------

TEST_F(OpenSearchIndexTest, BulkBodyHasOneIndexActionPerPageThenDeletesTheOtherPages) {
  WritableIndex();
  Make()->Index(SaleDocument());

  auto bulks = RequestsTo("/_bulk");
  ASSERT_EQ(bulks.size(), 1u);
  EXPECT_EQ(bulks[0].method, "POST");
  EXPECT_EQ(bulks[0].target, "/_bulk?refresh=wait_for");
  EXPECT_EQ(bulks[0].headers["content-type"], "application/x-ndjson");
  ASSERT_FALSE(bulks[0].body.empty());
  EXPECT_EQ(bulks[0].body.back(), '\n');
  std::vector<json> lines = NdjsonLines(bulks[0].body);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0], json({{"index", {{"_index", "notaria-pages"}, {"_id", "doc-vente-1#1"}}}}));
  EXPECT_EQ(lines[1]["document_id"], "doc-vente-1");
  EXPECT_EQ(lines[1]["page"], 1);
  EXPECT_EQ(lines[1]["document_type"], "acte_vente");
  EXPECT_EQ(lines[1]["date"], "2024-03-12");
  EXPECT_EQ(lines[1]["text"], SaleDocument().pages[0].text);  // original, folded by the analyzer
  EXPECT_EQ(lines[1]["keywords"], json({"123456789"}));
  EXPECT_EQ(lines[1]["type_words"], json({"acte", "vente"}));
  EXPECT_EQ(lines[2], json({{"index", {{"_index", "notaria-pages"}, {"_id", "doc-vente-1#2"}}}}));
  EXPECT_EQ(lines[3]["page"], 2);
  EXPECT_EQ(lines[3]["keywords"], json({"ab123"}));
  EXPECT_FALSE(lines[3].contains("type_words"));  // the type counts once, as with Xapian

  // After the bulk, the pages of an earlier version that this one no longer has.
  auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[2].target, std::string(kDeletePath) + "?refresh=true&conflicts=proceed");
  EXPECT_EQ(json::parse(requests[2].body), json::parse(R"({"query": {"bool": {
                "filter": [{"term": {"document_id": "doc-vente-1"}}],
                "must_not": [{"ids": {"values": ["doc-vente-1#1", "doc-vente-1#2"]}}]}}})"));
}

TEST_F(OpenSearchIndexTest, LargeDocumentsAreSentInChunksAndOnlyTheLastWaitsForARefresh) {
  WritableIndex();
  IndexedDocument d = SaleDocument();
  d.pages.clear();
  for (int i = 1; i <= 5; ++i) d.pages.push_back({i, std::string(300, 'x'), {}});
  OpenSearchOptions options;
  options.bulk_chunk_bytes = 700;  // two pages of ~400 bytes do not fit
  Make(options)->Index(d);
  auto bulks = RequestsTo("/_bulk");
  ASSERT_EQ(bulks.size(), 5u);
  size_t actions = 0;
  for (size_t i = 0; i < bulks.size(); ++i) {
    EXPECT_EQ(bulks[i].target, i + 1 == bulks.size() ? "/_bulk?refresh=wait_for" : "/_bulk");
    EXPECT_EQ(bulks[i].body.back(), '\n');
    actions += NdjsonLines(bulks[i].body).size() / 2;
  }
  EXPECT_EQ(actions, 5u);
}

TEST_F(OpenSearchIndexTest, DocumentWithoutDateOrPagesIsValid) {
  WritableIndex();
  IndexedDocument d = SaleDocument();
  d.date.clear();
  d.pages.resize(1);
  Make()->Index(d);
  auto lines = NdjsonLines(RequestsTo("/_bulk")[0].body);
  EXPECT_FALSE(lines[1].contains("date"));  // "" would fail the date mapping

  // No pages left: nothing to write, every old page goes.
  d.pages.clear();
  Make()->Index(d);
  EXPECT_EQ(RequestsTo("/_bulk").size(), 1u);
  auto deletes = RequestsTo(kDeletePath);
  ASSERT_EQ(deletes.size(), 2u);
  EXPECT_EQ(json::parse(deletes[1].body), json::parse(R"({"query": {"bool": {
                "filter": [{"term": {"document_id": "doc-vente-1"}}]}}})"));
}

TEST_F(OpenSearchIndexTest, BulkItemErrorsAreUnavailableWithoutThePageText) {
  Route("HEAD", kIndexPath, 200, "");
  File("POST", "/_bulk", "bulk_errors.json");
  File("POST", kDeletePath, "delete_by_query.json");
  try {
    Make()->Index(SaleDocument());
    FAIL() << "no exception";
  } catch (const SearchUnavailable& e) {
    std::string message = e.what();
    EXPECT_THAT(message, HasSubstr("mapper_parsing_exception"));
    EXPECT_THAT(message, HasSubstr("failed to parse field [date]"));
    EXPECT_THAT(message, HasSubstr("doc-vente-1#2"));
    EXPECT_THAT(message, HasSubstr("1 of 2"));
    EXPECT_THAT(message, Not(HasSubstr("SECRET-VALUE")));
    EXPECT_THAT(message, Not(HasSubstr("CRÉTEIL")));
  }
  // The old pages stay until the new ones are in.
  EXPECT_TRUE(RequestsTo(kDeletePath).empty());
}

TEST_F(OpenSearchIndexTest, BulkAnswersOfUnknownShapeOrStatusAreUnavailable) {
  Route("HEAD", kIndexPath, 200, "");
  Route("POST", "/_bulk", 200, R"({"took": 3})", 1);
  Route("POST", "/_bulk", 413, "", 1);
  auto index = Make();
  EXPECT_THROW(index->Index(SaleDocument()), SearchUnavailable);  // 413
  EXPECT_THROW(index->Index(SaleDocument()), SearchUnavailable);  // no errors/items
}

// --- Remove --------------------------------------------------------------------------------

TEST_F(OpenSearchIndexTest, RemoveDeletesByQueryThatDocumentOnly) {
  File("POST", kDeletePath, "delete_by_query.json");
  Make()->Remove("doc-vente-1");
  auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].target, std::string(kDeletePath) + "?refresh=true&conflicts=proceed");
  EXPECT_EQ(json::parse(requests[0].body),
            json({{"query", {{"term", {{"document_id", "doc-vente-1"}}}}}}));
}

TEST_F(OpenSearchIndexTest, RemoveFromAMissingIndexIsANoOpButFailuresAreNot) {
  File("POST", kDeletePath, "index_not_found.json", 404);
  auto index = Make();
  EXPECT_NO_THROW(index->Remove("doc-vente-1"));
  Route("POST", kDeletePath, 200,
        R"({"took": 5, "timed_out": false, "total": 2, "deleted": 1, "failures": [
              {"index": "notaria-pages", "id": "doc-vente-1#2", "status": 409,
               "cause": {"type": "version_conflict_engine_exception", "reason": "conflict"}}]})");
  try {
    index->Remove("doc-vente-1");
    FAIL() << "no exception";
  } catch (const SearchUnavailable& e) {
    EXPECT_THAT(e.what(), HasSubstr("version_conflict_engine_exception"));
  }
}

// --- Search: request -----------------------------------------------------------------------

TEST_F(OpenSearchIndexTest, SearchSendsAllWordsRequiredWithFiltersCollapseAndPaging) {
  File("POST", kSearchPath, "search_hits.json");
  SearchQuery q;
  q.text = "Créteil vente OR donation";
  q.document_type = "acte_vente";
  q.restrict_to_ids = true;
  q.document_ids = {"doc-vente-1", "doc-donation-7"};
  q.date_from = "2024-01-01";
  q.date_to = "2024-12-31";
  q.limit = 10;
  q.offset = 20;
  Make()->Search(q);

  auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].target, kSearchPath);
  EXPECT_EQ(requests[0].headers["content-type"], "application/json");
  json body = json::parse(requests[0].body);
  EXPECT_EQ(body["from"], 20);
  EXPECT_EQ(body["size"], 10);
  EXPECT_EQ(body["collapse"], json({{"field", "document_id"}}));
  EXPECT_EQ(body["aggs"]["docs"]["cardinality"]["field"], "document_id");
  EXPECT_EQ(body["_source"], json({"document_id", "page"}));
  EXPECT_EQ(body["sort"][0], json({{"_score", "desc"}}));
  EXPECT_EQ(body["track_scores"], true);

  const json& matching = body["query"]["bool"]["must"][0]["bool"];
  EXPECT_EQ(matching["minimum_should_match"], 1);
  ASSERT_EQ(matching["should"].size(), 1u);  // no identifier in this query
  const json& sqs = matching["should"][0]["simple_query_string"];
  EXPECT_EQ(sqs["query"], "Créteil vente | donation");
  EXPECT_EQ(sqs["default_operator"], "and");
  EXPECT_EQ(sqs["fields"], json({"text", "type_words^0.3"}));
  EXPECT_THAT(sqs["flags"].get<std::string>(), Not(HasSubstr("PREFIX")));

  EXPECT_EQ(body["query"]["bool"]["filter"], json::parse(R"([
              {"term": {"document_type": "acte_vente"}},
              {"terms": {"document_id": ["doc-vente-1", "doc-donation-7"]}},
              {"range": {"date": {"format": "yyyy-MM-dd", "gte": "2024-01-01",
                                  "lte": "2024-12-31"}}}])"));
}

TEST_F(OpenSearchIndexTest, IdentifiersOfTheQueryMatchThePagesKeywordsOnTheirOwn) {
  File("POST", kSearchPath, "search_hits.json");
  auto index = Make();
  SearchQuery q;
  q.text = "AB 123";
  index->Search(q);
  json should = LastSearchBody()["query"]["bool"]["must"][0]["bool"]["should"];
  ASSERT_EQ(should.size(), 2u);
  EXPECT_EQ(should[0]["simple_query_string"]["query"], "AB 123");
  const json& keyword = should[1]["constant_score"];
  EXPECT_EQ(keyword["filter"]["bool"]["filter"],
            json::parse(R"([{"term": {"keywords": "ab123"}}])"));
  EXPECT_GT(keyword["boost"].get<double>(), 0);

  q.text = "123 456 789";
  index->Search(q);
  should = LastSearchBody()["query"]["bool"]["must"][0]["bool"]["should"];
  ASSERT_EQ(should.size(), 2u);
  EXPECT_EQ(should[1]["constant_score"]["filter"]["bool"]["filter"],
            json::parse(R"([{"term": {"keywords": "123456789"}}])"));
  // No filter clause for the unset filters.
  EXPECT_EQ(LastSearchBody()["query"]["bool"]["filter"], json::array());
}

// Pages are indexed one by one: the documents that say an excluded word on any page are asked
// for first, then left out of the query by their ids.
TEST_F(OpenSearchIndexTest, ExclusionsLeaveOutEveryDocumentThatSaysThem) {
  File("POST", kSearchPath, "search_hits.json");
  SearchQuery q;
  q.text = "AB 123 -servitude NOT \"droit de passage\" -\"123 456 789\"";
  q.document_type = "acte_vente";
  Make()->Search(q);
  std::vector<json> bodies;
  for (const RecordedRequest& r : server_.requests()) {
    if (r.target == kSearchPath) bodies.push_back(json::parse(r.body));
  }
  ASSERT_EQ(bodies.size(), 2u);
  // 1. Which documents say an excluded word, phrase or identifier, among the filtered ones.
  const json& excluded = bodies[0];
  EXPECT_EQ(excluded["collapse"]["field"], "document_id");
  EXPECT_EQ(excluded["_source"], json::array({"document_id"}));
  const json& ex = excluded["query"]["bool"];
  EXPECT_EQ(ex["should"][0]["simple_query_string"]["query"],
            "servitude | \"droit de passage\" | \"123 456 789\"");
  EXPECT_EQ(ex["should"][1]["term"]["keywords"], "123456789");
  EXPECT_EQ(ex["filter"][0]["term"]["document_type"], "acte_vente");
  EXPECT_EQ(ex["minimum_should_match"], 1);
  // 2. The query, without them (the ids of search_hits.json).
  json matching = bodies[1]["query"]["bool"]["must"][0]["bool"];
  EXPECT_EQ(matching["should"][0]["simple_query_string"]["query"], "AB 123");
  EXPECT_EQ(matching["must_not"][0]["terms"]["document_id"],
            json({"doc-donation-7", "doc-vente-1"}));
}

TEST_F(OpenSearchIndexTest, OnlyExclusionsAskNothing) {
  File("POST", kSearchPath, "search_hits.json");
  SearchQuery q;
  q.text = "-servitude NOT bail";
  PageHits hits = Make()->Search(q);
  EXPECT_TRUE(hits.hits.empty());
  for (const RecordedRequest& r : server_.requests()) EXPECT_NE(r.target, kSearchPath);
}

// --- Search: answers -----------------------------------------------------------------------

TEST_F(OpenSearchIndexTest, HitsBecomeOnePageHitPerDocumentScoredAgainstTheBestOfTheQuery) {
  File("POST", kSearchPath, "search_hits.json");
  SearchQuery q;
  q.text = "donation";
  q.offset = 2;
  PageHits hits = Make()->Search(q);
  EXPECT_EQ(hits.total, 7);  // documents from the aggregation, not the 12 pages of hits.total
  ASSERT_EQ(hits.hits.size(), 2u);
  EXPECT_EQ(hits.hits[0].document_id, "doc-donation-7");
  EXPECT_EQ(hits.hits[0].page, 3);
  EXPECT_DOUBLE_EQ(hits.hits[0].score, 0.5);  // 4.2 / max_score 8.4
  EXPECT_EQ(hits.hits[1].document_id, "doc-vente-1");
  EXPECT_EQ(hits.hits[1].page, 1);
  EXPECT_DOUBLE_EQ(hits.hits[1].score, 0.25);
}

TEST_F(OpenSearchIndexTest, AnEmptyRestrictListMatchesNothingWithoutAsking) {
  SearchQuery q;
  q.text = "vente";
  q.restrict_to_ids = true;
  PageHits hits = Make()->Search(q);
  EXPECT_EQ(hits.total, 0);
  EXPECT_TRUE(hits.hits.empty());
  q.restrict_to_ids = false;
  q.text = "  ";  // no words: nothing, as with Xapian
  hits = Make()->Search(q);
  EXPECT_EQ(hits.total, 0);
  EXPECT_EQ(server_.request_count(), 0u);
}

TEST_F(OpenSearchIndexTest, SearchingBeforeAnythingIsIndexedFindsNothing) {
  File("POST", kSearchPath, "index_not_found.json", 404);
  SearchQuery q;
  q.text = "vente";
  PageHits hits = Make()->Search(q);
  EXPECT_EQ(hits.total, 0);
  EXPECT_TRUE(hits.hits.empty());
}

TEST_F(OpenSearchIndexTest, AQueryTheEngineCannotReadIsAQueryError) {
  File("POST", kSearchPath, "search_parse_error.json", 400);
  SearchQuery q;
  q.text = "vente";
  q.date_from = "2024-13-45";
  try {
    Make()->Search(q);
    FAIL() << "no exception";
  } catch (const SearchQueryError& e) {
    EXPECT_THAT(e.what(), HasSubstr("La recherche ne peut pas être comprise"));
  }
}

TEST_F(OpenSearchIndexTest, ServerErrorsThrottlingAndBadAnswersAreUnavailable) {
  SearchQuery q;
  q.text = "acte secret";
  auto index = Make();
  auto expect_unavailable = [&](const std::string& needle) {
    try {
      index->Search(q);
      ADD_FAILURE() << "no exception for " << needle;
    } catch (const SearchUnavailable& e) {
      EXPECT_THAT(e.what(), HasSubstr(needle));
      EXPECT_THAT(e.what(), Not(HasSubstr("secret")));  // never the query
    }
  };
  File("POST", kSearchPath, "unavailable_503.json", 503);
  expect_unavailable("HTTP 503");
  expect_unavailable("cluster_manager_not_discovered_exception");
  File("POST", kSearchPath, "rejected_429.json", 429);
  expect_unavailable("HTTP 429");
  Route("POST", kSearchPath, 200, "<html>proxy</html>");
  expect_unavailable("not a JSON object");
  File("POST", kSearchPath, "search_no_aggregation.json");
  expect_unavailable("no hits or document count");
  Route("POST", kSearchPath, 502, "Bad Gateway");
  expect_unavailable("HTTP 502");
}

TEST_F(OpenSearchIndexTest, AnUnreachableOrSlowClusterIsUnavailable) {
  std::string closed_url;
  {
    ReplayServer gone;
    closed_url = gone.base_url();
  }  // nothing listens on that port any more
  OpenSearchOptions options;
  options.url = closed_url;
  auto index = Make(options);
  SearchQuery q;
  q.text = "vente";
  try {
    index->Search(q);
    FAIL() << "no exception";
  } catch (const SearchUnavailable& e) {
    EXPECT_THAT(e.what(), HasSubstr("no answer from " + closed_url));
  }
  EXPECT_THROW(index->Index(SaleDocument()), SearchUnavailable);
  EXPECT_THROW(index->IndexedIds(), SearchUnavailable);
  EXPECT_FALSE(index->Ping());

  ReplayRoute slow;
  slow.method = "POST";
  slow.path = kSearchPath;
  slow.delay = std::chrono::milliseconds(2000);
  server_.Add(slow);
  OpenSearchOptions quick;
  quick.request_timeout = std::chrono::milliseconds(200);
  try {
    Make(quick)->Search(q);
    FAIL() << "no exception";
  } catch (const SearchUnavailable& e) {
    EXPECT_THAT(e.what(), HasSubstr("timeout"));
  }
}

// --- IndexedIds, Ping, credentials ---------------------------------------------------------

TEST_F(OpenSearchIndexTest, IndexedIdsPagesThroughTheCompositeAggregation) {
  // The most recent route answers first: page 1 once, then page 2.
  File("POST", kSearchPath, "ids_page2.json");
  Route("POST", kSearchPath, 200, ReadFixture("ids_page1.json"), 1);
  OpenSearchOptions options;
  options.ids_page_size = 2;
  std::vector<std::string> ids = Make(options)->IndexedIds();
  EXPECT_THAT(ids, ElementsAre("doc-a", "doc-b", "doc-c"));

  auto searches = RequestsTo(kSearchPath);
  ASSERT_EQ(searches.size(), 2u);  // the second page is short: no third request
  json page1 = json::parse(searches[0].body);
  EXPECT_EQ(page1["size"], 0);
  EXPECT_EQ(page1["aggs"]["ids"]["composite"]["size"], 2);
  EXPECT_EQ(page1["aggs"]["ids"]["composite"]["sources"],
            json::parse(R"([{"id": {"terms": {"field": "document_id"}}}])"));
  EXPECT_FALSE(page1["aggs"]["ids"]["composite"].contains("after"));
  json page2 = json::parse(searches[1].body);
  EXPECT_EQ(page2["aggs"]["ids"]["composite"]["after"], json({{"id", "doc-b"}}));
}

TEST_F(OpenSearchIndexTest, IndexedIdsOfAMissingIndexIsEmpty) {
  File("POST", kSearchPath, "index_not_found.json", 404);
  EXPECT_TRUE(Make()->IndexedIds().empty());
}

TEST_F(OpenSearchIndexTest, PingAsksTheRootAndEngineIsOpenSearch) {
  File("GET", "/", "root.json");
  auto index = Make();
  EXPECT_TRUE(index->Ping());
  EXPECT_EQ(index->Engine(), "opensearch");
  auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "GET");
  EXPECT_EQ(requests[0].target, "/");
  Route("GET", "/", 503, "");
  EXPECT_FALSE(index->Ping());
}

TEST_F(OpenSearchIndexTest, CredentialsFromTheUrlGoInABasicHeaderAndNowhereElse) {
  File("POST", kSearchPath, "unavailable_503.json", 503);
  OpenSearchOptions options;
  options.url = "http://notaria:s3cr%40t@127.0.0.1:" + std::to_string(server_.port());
  auto index = Make(options);
  EXPECT_EQ(index->base_url(), server_.base_url());
  SearchQuery q;
  q.text = "vente";
  try {
    index->Search(q);
    FAIL() << "no exception";
  } catch (const SearchUnavailable& e) {
    EXPECT_THAT(e.what(), Not(HasSubstr("s3cr")));
  }
  auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 1u);
  // base64("notaria:s3cr@t")
  EXPECT_EQ(requests[0].headers["authorization"], "Basic bm90YXJpYTpzM2NyQHQ=");

  // Explicit user and password win over the URL's.
  options.user = "admin";
  options.password = "pw";
  EXPECT_THROW(Make(options)->Search(q), SearchUnavailable);
  EXPECT_EQ(server_.requests().back().headers["authorization"], "Basic YWRtaW46cHc=");
}

TEST_F(OpenSearchIndexTest, NoAuthorizationWithoutAUser) {
  File("GET", "/", "root.json");
  Make()->Ping();
  EXPECT_EQ(server_.requests()[0].headers.count("authorization"), 0u);
}

TEST(OpenSearchOptionsTest, RejectsBadUrlsAndIndexNames) {
  verify::CurlTransport transport;
  OpenSearchOptions options;
  options.url = "opensearch:9200";
  EXPECT_THROW(OpenSearchIndex(transport, options), std::invalid_argument);
  options.url = "http://opensearch:9200";
  options.index = "Notaria Pages";
  EXPECT_THROW(OpenSearchIndex(transport, options), std::invalid_argument);
  options.index = "notaria-pages-2";
  EXPECT_NO_THROW(OpenSearchIndex(transport, options));
}

}  // namespace
}  // namespace notaria::search
