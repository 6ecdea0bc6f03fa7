#include "search/xapian_index.h"

#include <spdlog/spdlog.h>
#include <xapian.h>

#include <filesystem>
#include <thread>

#include "search/search_text.h"

namespace notaria::search {
namespace {

// Term prefixes (Xapian's conventions: capitals for boolean terms).
constexpr const char* kDocPrefix = "D";      // every page of a document
constexpr const char* kPagePrefix = "Q";     // one page: "<id>#<n>"
constexpr const char* kTypePrefix = "T";     // document type code
constexpr const char* kKeywordPrefix = "K";  // identifiers (search_text.h Keywords)
constexpr const char* kStemPrefix = "Z";     // what QueryParser's STEM_SOME looks up

// Value slots.
constexpr Xapian::valueno kSlotDocument = 0;  // collapse key
constexpr Xapian::valueno kSlotDate = 1;      // YYYYMMDD, sorts as text
constexpr Xapian::valueno kSlotPage = 2;

std::string CompactDate(const std::string& iso) {
  std::string out;
  for (char c : iso) {
    if (c != '-') out += c;
  }
  return out;
}

const Xapian::SimpleStopper& FrenchStopper() {
  static const Xapian::SimpleStopper* stopper = [] {
    auto* s = new Xapian::SimpleStopper;  // never destroyed: used until exit
    for (const char* w : {"le",  "la",  "les", "l",  "de",  "des", "du",   "d",   "un",
                          "une", "et",  "a",   "au", "aux", "en",  "dans", "par", "pour",
                          "sur", "que", "qui", "ce", "se",  "sa",  "son",  "ses"}) {
      s->add(w);
    }
    return s;
  }();
  return *stopper;
}

Xapian::Query Parse(const Xapian::Database& db, const std::string& text) {
  Xapian::QueryParser qp;
  qp.set_database(db);
  qp.set_stemmer(Xapian::Stem("french"));
  qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  qp.set_stopper(&FrenchStopper());
  qp.set_default_op(Xapian::Query::OP_AND);
  std::string folded = FoldForSearch(text);
  unsigned flags = Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
                   Xapian::QueryParser::FLAG_BOOLEAN_ANY_CASE | Xapian::QueryParser::FLAG_LOVEHATE;
  try {
    return qp.parse_query(folded, flags);
  } catch (const Xapian::QueryParserError&) {
    // Unbalanced parentheses: read the words as plain words instead.
    try {
      return qp.parse_query(folded, 0);
    } catch (const Xapian::QueryParserError& e) {
      spdlog::debug("xapian cannot parse a query: {}", e.get_msg());
      throw SearchQueryError(
          "La recherche ne peut pas être comprise : vérifiez les guillemets et les parenthèses.");
    }
  }
}

// Every identifier written in `text`, as keyword terms all required (an empty query if none).
Xapian::Query KeywordsOf(const std::string& text) {
  std::vector<Xapian::Query> terms;
  for (const std::string& kw : QueryKeywords(text)) terms.emplace_back(kKeywordPrefix + kw);
  if (terms.empty()) return Xapian::Query();
  return Xapian::Query(Xapian::Query::OP_AND, terms.begin(), terms.end());
}

// The documents that say one of `excluded` (words, "phrases", identifiers) on any page, as a
// query on their document terms. Pages are indexed one by one, so AND_NOT on the words alone
// would keep a document whose other pages say them.
Xapian::Query DocumentsWith(const Xapian::Database& db, const std::vector<std::string>& excluded) {
  std::vector<Xapian::Query> any;
  for (const std::string& e : excluded) {
    any.push_back(Parse(db, e));
    if (Xapian::Query kw = KeywordsOf(e); !kw.empty()) any.push_back(kw);
  }
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_OR, any.begin(), any.end()));
  enquire.set_collapse_key(kSlotDocument);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  std::vector<Xapian::Query> documents;
  Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    documents.emplace_back(kDocPrefix + it.get_document().get_value(kSlotDocument));
  }
  return Xapian::Query(Xapian::Query::OP_OR, documents.begin(), documents.end());
}

// True while nothing was ever written: no directory, or the directory the first writer has
// just made and not yet filled (readers racing it would see "Couldn't detect type of database").
// Glass, Xapian 1.4's format, marks a database by its version file.
bool NothingIndexedYet(const std::string& directory) {
  std::error_code ec;
  if (!std::filesystem::exists(directory, ec)) return true;
  return std::filesystem::is_directory(directory, ec) &&
         !std::filesystem::exists(std::filesystem::path(directory) / "iamglass", ec);
}

}  // namespace

XapianIndex::XapianIndex(std::string directory, std::chrono::milliseconds lock_timeout)
    : directory_(std::move(directory)), lock_timeout_(lock_timeout) {}

template <typename Fn>
void XapianIndex::Write(Fn&& fn) {
  std::lock_guard<std::mutex> lock(write_mu_);
  auto deadline = std::chrono::steady_clock::now() + lock_timeout_;
  while (true) {
    try {
      std::filesystem::create_directories(directory_);
      Xapian::WritableDatabase db(directory_, Xapian::DB_CREATE_OR_OPEN);
      fn(db);
      db.commit();
      return;
    } catch (const Xapian::DatabaseLockError&) {
      // Another process (reindex, a second worker) is writing: wait for it.
      if (std::chrono::steady_clock::now() > deadline) {
        throw SearchUnavailable("search index " + directory_ + " is locked by another process");
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    } catch (const Xapian::Error& e) {
      throw SearchUnavailable("search index " + directory_ + ": " + e.get_description());
    } catch (const std::filesystem::filesystem_error& e) {
      throw SearchUnavailable(std::string("search index: ") + e.what());
    }
  }
}

void XapianIndex::Index(const IndexedDocument& document) {
  Write([&](Xapian::WritableDatabase& db) {
    db.begin_transaction();
    db.delete_document(kDocPrefix + document.document_id);
    Xapian::TermGenerator generator;
    generator.set_stemmer(Xapian::Stem("french"));
    generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    generator.set_stopper(&FrenchStopper());
    for (const IndexedPage& page : document.pages) {
      Xapian::Document xd;
      generator.set_document(xd);
      generator.index_text(FoldForSearch(page.text));
      xd.add_boolean_term(kDocPrefix + document.document_id);
      xd.add_boolean_term(kPagePrefix + document.document_id + "#" + std::to_string(page.number));
      if (!document.document_type.empty()) {
        xd.add_boolean_term(kTypePrefix + document.document_type);
      }
      for (const std::string& kw : page.keywords) xd.add_term(kKeywordPrefix + kw);
      // The type's words count once, on the first page only: enough for "donation" to find
      // the donations, without outranking a page that says the word.
      if (page.number == document.pages.front().number) {
        for (const std::string& w : document.type_words) xd.add_term(kStemPrefix + Stem(w), 1);
      }
      xd.add_value(kSlotDocument, document.document_id);
      xd.add_value(kSlotDate, CompactDate(document.date));
      xd.add_value(kSlotPage, std::to_string(page.number));
      db.add_document(xd);
    }
    db.commit_transaction();
  });
}

void XapianIndex::Remove(const std::string& document_id) {
  Write([&](Xapian::WritableDatabase& db) { db.delete_document(kDocPrefix + document_id); });
}

PageHits XapianIndex::Search(const SearchQuery& query) {
  PageHits out;
  if (query.restrict_to_ids && query.document_ids.empty()) return out;
  if (NothingIndexedYet(directory_)) return out;
  for (int attempt = 0;; ++attempt) {
    try {
      Xapian::Database db(directory_);
      ParsedQuery parsed = ParseQuery(query.text);
      Xapian::Query q = Parse(db, parsed.Positive("OR"));
      if (Xapian::Query keywords = KeywordsOf(parsed.Positive(" ")); !keywords.empty()) {
        // An identifier matches however the page spaces or labels it ("section AB n° 123").
        q = Xapian::Query(Xapian::Query::OP_OR, q, keywords);
      }
      // Exclusions alone designate nothing (SearchService refuses them).
      if (q.empty()) return out;
      if (!parsed.excluded.empty()) {
        q = Xapian::Query(Xapian::Query::OP_AND_NOT, q, DocumentsWith(db, parsed.excluded));
      }
      std::vector<Xapian::Query> filters;
      if (!query.document_type.empty()) filters.emplace_back(kTypePrefix + query.document_type);
      if (query.restrict_to_ids) {
        std::vector<Xapian::Query> ids;
        for (const std::string& id : query.document_ids) ids.emplace_back(kDocPrefix + id);
        filters.emplace_back(Xapian::Query::OP_OR, ids.begin(), ids.end());
      }
      if (!query.date_from.empty() || !query.date_to.empty()) {
        filters.emplace_back(Xapian::Query::OP_VALUE_RANGE, kSlotDate, CompactDate(query.date_from),
                             query.date_to.empty() ? "99999999" : CompactDate(query.date_to));
      }
      for (const Xapian::Query& f : filters) q = Xapian::Query(Xapian::Query::OP_FILTER, q, f);

      Xapian::Enquire enquire(db);
      enquire.set_query(q);
      enquire.set_collapse_key(kSlotDocument);
      int limit = std::max(0, query.limit);
      int offset = std::max(0, query.offset);
      // Counting exactly up to 10 000 documents keeps `total` true for an office's index.
      Xapian::MSet mset = enquire.get_mset(offset, limit, 10000);
      out.total = static_cast<int64_t>(mset.get_matches_estimated());
      for (auto it = mset.begin(); it != mset.end(); ++it) {
        Xapian::Document d = it.get_document();
        PageHit hit;
        hit.document_id = d.get_value(kSlotDocument);
        hit.page = std::atoi(d.get_value(kSlotPage).c_str());
        hit.score = it.get_percent() / 100.0;
        out.hits.push_back(std::move(hit));
      }
      return out;
    } catch (const Xapian::DatabaseModifiedError&) {
      // A writer committed twice while we read: the newest state is one reopen away.
      if (attempt >= 2) throw SearchUnavailable("search index changing too fast, try again");
    } catch (const Xapian::DatabaseOpeningError& e) {
      if (NothingIndexedYet(directory_)) return out;
      // The first writer may be between its version file and its tables: wait for it.
      if (attempt >= 2) {
        throw SearchUnavailable("search index " + directory_ + ": " + e.get_description());
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    } catch (const Xapian::Error& e) {
      throw SearchUnavailable("search: " + e.get_description());
    }
  }
}

std::vector<std::string> XapianIndex::IndexedIds() {
  std::vector<std::string> ids;
  if (NothingIndexedYet(directory_)) return ids;
  try {
    Xapian::Database db(directory_);
    for (auto t = db.allterms_begin(kDocPrefix); t != db.allterms_end(kDocPrefix); ++t) {
      ids.push_back((*t).substr(1));
    }
  } catch (const Xapian::Error& e) {
    if (NothingIndexedYet(directory_)) return {};
    throw SearchUnavailable("search index " + directory_ + ": " + e.get_description());
  }
  return ids;
}

bool XapianIndex::Ping() {
  if (NothingIndexedYet(directory_)) return true;  // created at the first write
  try {
    Xapian::Database db(directory_);
    return true;
  } catch (const Xapian::Error&) {
    return NothingIndexedYet(directory_);
  }
}

}  // namespace notaria::search
