// The document pipeline: read (text layer / OCR, in the sandbox) -> classify -> extract ->
// verify (official registers) -> assess (checks, score, synthesis) -> index (full-text search).
//
// Process() takes a document from wherever it stopped: each stage's output is stored before
// the next stage starts, and a stage whose output of the same version exists is not run
// again, so a job delivered twice (a worker that died) gives the same result once. A
// document's own problem (corrupt file, password...) ends it `failed` with a typed error;
// an infrastructure problem (database or storage down) throws, so that the job is retried.
#pragma once

#include <stop_token>
#include <string>
#include <vector>

#include "analyze/mrz.h"
#include "core/metrics.h"
#include "ingest/reader.h"
#include "store/blob_store.h"
#include "store/repository.h"

namespace notaria::app {

struct PipelineOptions {
  std::vector<std::string> reader_argv;  // how to start the sandboxed reader child
  ingest::ReadLimits limits;
  std::string scratch_dir;  // where non-local blobs are fetched before reading
};

}  // namespace notaria::app

namespace notaria::verify {
class Registers;
}
namespace notaria::llm {
class Llm;
}
namespace notaria::search {
class SearchService;
}

namespace notaria::app {

// Optional collaborators: without registers the verify stage records nothing; without an
// LLM the synthesis is the rules' one; without search nothing is indexed.
struct PipelineServices {
  verify::Registers* registers = nullptr;
  llm::Llm* llm = nullptr;
  search::SearchService* search = nullptr;
};

class Pipeline {
 public:
  static constexpr int kReadVersion = 1;
  static constexpr int kClassifyVersion = 1;
  static constexpr int kExtractVersion = 1;
  static constexpr int kVerifyVersion = 1;
  static constexpr int kAssessVersion = 2;
  static constexpr int kIndexVersion = 1;

  Pipeline(store::Repository& repository, store::BlobStore& blobs, Metrics& metrics,
           PipelineOptions options, PipelineServices services = {});

  // `stop` is checked between pages and stages: a stopping worker abandons the document
  // (throwing queue::TransientError), which stays queued for the next start.
  void Process(const std::string& document_id, std::stop_token stop = {});

  // Re-runs the assess stage of a done document at another reference date (a dossier's deed
  // date); does nothing, and returns false, when its stored assessment already used that date.
  bool Reassess(const std::string& document_id, const analyze::mrz::Date& reference);

  // Marks the document failed when its job could not be completed after every retry. A
  // document whose analysis is complete and only the search index failed ends `done`
  // instead (its analysis is what the notary needs; `notaria reindex` indexes it later).
  void GiveUp(const std::string& document_id, const std::string& reason);

  static void DescribeMetrics(Metrics& metrics);

 private:
  // Returns false when the document failed (already recorded).
  bool Read(const store::DocumentRecord& doc, const std::stop_token& stop);
  // Returns the document type.
  std::string Classify(const store::DocumentRecord& doc, const std::vector<Page>& pages);
  void Extract(const store::DocumentRecord& doc, const std::vector<Page>& pages,
               const std::string& type);
  void Verify(const store::DocumentRecord& doc, const std::string& type);
  void Assess(const store::DocumentRecord& doc, const std::vector<Page>& pages,
              const std::string& type, const analyze::mrz::Date& reference, bool again = false);
  // The date a document is judged at: its dossier's deed date when known, else today.
  analyze::mrz::Date ReferenceFor(const store::DocumentRecord& doc);
  // Throws queue::TransientError when the search engine is down (the job is retried).
  void Index(const store::DocumentRecord& doc);
  void Fail(const store::DocumentRecord& doc, const DocumentError& error);

  store::Repository& repository_;
  store::BlobStore& blobs_;
  Metrics& metrics_;
  PipelineOptions options_;
  PipelineServices services_;
};

}  // namespace notaria::app
