// XapianIndex: the embedded SearchIndex, a Xapian database in a local directory.
//
// One Xapian document per page, its text folded (no case, no accents) and indexed with the
// French stemmer, so "Créteil", "CRETEIL" and "creteil" are one word and "donations" finds
// "donation". Queries take words (all required), "phrases", -exclusions and OR. Results are
// collapsed to one hit per document, its best page.
//
// Writes open the database for the time of one document and commit before returning, so
// several processes of one machine (serve, worker, reindex) can share the directory: a writer
// waits for another's lock up to `lock_timeout`, then throws SearchUnavailable (the job is
// retried). Readers open the last committed state at each search.
#pragma once

#include <chrono>
#include <mutex>
#include <string>

#include "search/search_index.h"

namespace notaria::search {

class XapianIndex : public SearchIndex {
 public:
  explicit XapianIndex(std::string directory,
                       std::chrono::milliseconds lock_timeout = std::chrono::seconds(30));

  void Index(const IndexedDocument& document) override;
  void Remove(const std::string& document_id) override;
  PageHits Search(const SearchQuery& query) override;
  std::vector<std::string> IndexedIds() override;
  bool Ping() override;
  std::string Engine() const override { return "xapian"; }

 private:
  template <typename Fn>
  void Write(Fn&& fn);

  std::string directory_;
  std::chrono::milliseconds lock_timeout_;
  std::mutex write_mu_;  // one writer per process; the database lock covers other processes
};

}  // namespace notaria::search
