#include "app/pipeline.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <filesystem>

#include "analyze/analysis.h"
#include "analyze/checks.h"
#include "analyze/classify.h"
#include "analyze/extract.h"
#include "llm/llm.h"
#include "queue/transient_error.h"
#include "search/search_service.h"
#include "verify/registers/registers.h"

namespace notaria::app {
namespace {

class StageTimer {
 public:
  StageTimer(Metrics& metrics, std::string stage)
      : metrics_(metrics), stage_(std::move(stage)), start_(std::chrono::steady_clock::now()) {}
  ~StageTimer() {
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    metrics_.Observe("pipeline_stage_duration_seconds", {{"stage", stage_}}, s);
  }

 private:
  Metrics& metrics_;
  std::string stage_;
  std::chrono::steady_clock::time_point start_;
};

// A local copy of a blob that is removed when the stage ends.
class LocalCopy {
 public:
  LocalCopy(store::BlobStore& blobs, const std::string& key, const std::string& scratch_dir) {
    if (auto p = blobs.LocalPath(key)) {
      path_ = *p;
      return;
    }
    std::filesystem::create_directories(scratch_dir);
    path_ = scratch_dir + "/" + key;
    blobs.GetToFile(key, path_);
    owned_ = true;
  }
  ~LocalCopy() {
    if (owned_) {
      std::error_code ec;
      std::filesystem::remove(path_, ec);
    }
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  bool owned_ = false;
};

void ThrowIfStopping(const std::stop_token& stop) {
  if (stop.stop_requested()) throw queue::TransientError("worker stopping");
}

}  // namespace

Pipeline::Pipeline(store::Repository& repository, store::BlobStore& blobs, Metrics& metrics,
                   PipelineOptions options, PipelineServices services)
    : repository_(repository),
      blobs_(blobs),
      metrics_(metrics),
      options_(std::move(options)),
      services_(services) {}

void Pipeline::DescribeMetrics(Metrics& metrics) {
  metrics.Describe("pipeline_stage_duration_seconds", Metrics::Type::kHistogram,
                   "Duration of each pipeline stage.",
                   {0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600});
  metrics.Describe("documents_processed_total", Metrics::Type::kCounter,
                   "Documents finished, by document type and outcome (done, or the error code).");
  metrics.Describe("pages_read_total", Metrics::Type::kCounter,
                   "Pages read, by source (text_layer or ocr).");
  metrics.Describe("search_index_failures_total", Metrics::Type::kCounter,
                   "Documents the search engine could not index at one attempt.");
}

void Pipeline::Process(const std::string& document_id, std::stop_token stop) {
  auto doc = repository_.GetDocument(document_id);
  if (!doc) {
    spdlog::warn("job for unknown document {} dropped", document_id);
    return;
  }
  if (doc->status == store::kStatusDone || doc->status == store::kStatusFailed) return;
  if (!Read(*doc, stop)) return;
  ThrowIfStopping(stop);
  // Loaded once for the stages after reading; each of them needs every page.
  const std::vector<Page> pages = repository_.LoadPages(doc->id);
  std::string type = Classify(*doc, pages);
  ThrowIfStopping(stop);
  Extract(*doc, pages, type);
  ThrowIfStopping(stop);
  Verify(*doc, type);
  ThrowIfStopping(stop);
  Assess(*doc, pages, type, ReferenceFor(*doc));
  ThrowIfStopping(stop);
  Index(*doc);
  repository_.MarkDone(document_id);
  metrics_.Inc("documents_processed_total", {{"type", type}, {"outcome", "done"}});
}

bool Pipeline::Read(const store::DocumentRecord& doc, const std::stop_token& stop) {
  if (auto out = repository_.LoadStageOutput(doc.id, "read"); out && out->version == kReadVersion) {
    return true;
  }
  StageTimer timer(metrics_, "read");
  repository_.SetProgress(doc.id, store::kStatusProcessing, "read", 1);
  // Pages of an interrupted earlier attempt are dropped: reading is redone from page 1.
  repository_.DeletePages(doc.id);
  LocalCopy local(blobs_, doc.sha256, options_.scratch_dir);

  int page_count = 0;
  int pages_done = 0;
  int text_layer = 0, ocr = 0;
  ingest::ReadCallbacks callbacks;
  callbacks.on_page_count = [&](int n) {
    page_count = n;
    repository_.SetPageCount(doc.id, n);
  };
  callbacks.on_page = [&](const Page& page) {
    // Throwing here kills the reader child; the pages read so far are redone next time.
    ThrowIfStopping(stop);
    repository_.SavePage(doc.id, page);
    ++pages_done;
    (page.source == PageSource::kOcr ? ocr : text_layer)++;
    metrics_.Inc("pages_read_total", {{"source", std::string(PageSourceName(page.source))}});
    int percent = page_count > 0 ? 1 + 89 * pages_done / page_count : 50;
    repository_.SetProgress(doc.id, store::kStatusProcessing, "read", percent);
  };
  std::optional<DocumentError> error =
      ingest::ReadDocumentSandboxed(options_.reader_argv, local.path(), options_.limits, callbacks);
  if (error) {
    Fail(doc, *error);
    return false;
  }
  repository_.SaveStageOutput(
      doc.id, {"read",
               kReadVersion,
               {{"page_count", pages_done}, {"text_layer_pages", text_layer}, {"ocr_pages", ocr}}});
  return true;
}

std::string Pipeline::Classify(const store::DocumentRecord& doc, const std::vector<Page>& pages) {
  if (auto out = repository_.LoadStageOutput(doc.id, "classify");
      out && out->version == kClassifyVersion) {
    return out->output.value("type", "autre");
  }
  StageTimer timer(metrics_, "classify");
  repository_.SetProgress(doc.id, store::kStatusProcessing, "classify", 92);
  analyze::Classification c = analyze::ClassifyDocument(pages);
  nlohmann::json out = analyze::ClassificationToJson(c);
  out["type"] = c.type;
  repository_.SaveStageOutput(doc.id, {"classify", kClassifyVersion, out});
  repository_.SetDocumentType(doc.id, c.type);
  return c.type;
}

void Pipeline::Extract(const store::DocumentRecord& doc, const std::vector<Page>& pages,
                       const std::string& type) {
  if (auto out = repository_.LoadStageOutput(doc.id, "extract");
      out && out->version == kExtractVersion) {
    return;
  }
  StageTimer timer(metrics_, "extract");
  repository_.SetProgress(doc.id, store::kStatusProcessing, "extract", 95);
  repository_.SaveStageOutput(doc.id,
                              {"extract", kExtractVersion, analyze::ExtractEntities(pages, type)});
}

void Pipeline::Verify(const store::DocumentRecord& doc, const std::string& type) {
  if (auto out = repository_.LoadStageOutput(doc.id, "verify");
      out && out->version == kVerifyVersion) {
    return;
  }
  StageTimer timer(metrics_, "verify");
  repository_.SetProgress(doc.id, store::kStatusProcessing, "verify", 96);
  auto entities = repository_.LoadStageOutput(doc.id, "extract");
  nlohmann::json verifications = nlohmann::json::array();
  if (services_.registers != nullptr) {
    verifications = services_.registers->VerifyDocument(
        type, entities ? entities->output : nlohmann::json::object());
  }
  repository_.SaveStageOutput(doc.id,
                              {"verify", kVerifyVersion, {{"verifications", verifications}}});
}

analyze::mrz::Date Pipeline::ReferenceFor(const store::DocumentRecord& doc) {
  if (doc.dossier_id) {
    if (auto analysis = repository_.LoadDossierAnalysis(*doc.dossier_id)) {
      if (auto date = analyze::ParseIsoDate(analysis->value("reference_date", nlohmann::json()))) {
        return *date;
      }
    }
  }
  return analyze::Today();
}

void Pipeline::Assess(const store::DocumentRecord& doc, const std::vector<Page>& pages,
                      const std::string& type, const analyze::mrz::Date& reference, bool again) {
  if (auto out = repository_.LoadStageOutput(doc.id, "assess");
      !again && out && out->version == kAssessVersion) {
    return;
  }
  StageTimer timer(metrics_, "assess");
  // A done document judged again at its dossier's date stays `done` meanwhile.
  if (!again) repository_.SetProgress(doc.id, store::kStatusProcessing, "assess", 98);
  auto classify = repository_.LoadStageOutput(doc.id, "classify");
  auto entities = repository_.LoadStageOutput(doc.id, "extract");
  auto verify = repository_.LoadStageOutput(doc.id, "verify");
  double confidence = classify ? classify->output.value("confidence", 0.0) : 0.0;
  nlohmann::json verifications =
      verify ? verify->output.value("verifications", nlohmann::json::array())
             : nlohmann::json::array();
  const nlohmann::json& ents = entities ? entities->output : nlohmann::json::object();
  nlohmann::json out =
      analyze::AssessDocument(pages, type, confidence, ents, reference, verifications);
  if (services_.llm != nullptr) {
    llm::SynthesisRequest request{"document",
                                  {{"document_type", type},
                                   {"entities", ents},
                                   {"findings", out["findings"]},
                                   {"verifications", verifications},
                                   {"score", out["score"]}},
                                  out["synthesis"]};
    out["synthesis"] = llm::Synthesize(services_.llm, request);
  }
  out["reference_date"] = reference.Iso();
  repository_.SaveStageOutput(doc.id, {"assess", kAssessVersion, out});
}

void Pipeline::Index(const store::DocumentRecord& doc) {
  if (services_.search == nullptr) return;
  if (auto out = repository_.LoadStageOutput(doc.id, "index");
      out && out->version == kIndexVersion) {
    return;
  }
  StageTimer timer(metrics_, "index");
  repository_.SetProgress(doc.id, store::kStatusProcessing, "index", 99);
  try {
    services_.search->IndexDocument(doc.id);
  } catch (const search::SearchUnavailable& e) {
    metrics_.Inc("search_index_failures_total", {});
    throw queue::TransientError(std::string("search index: ") + e.what());
  }
  repository_.SaveStageOutput(
      doc.id, {"index", kIndexVersion, {{"engine", services_.search->index().Engine()}}});
}

bool Pipeline::Reassess(const std::string& document_id, const analyze::mrz::Date& reference) {
  auto doc = repository_.GetDocument(document_id);
  if (!doc || doc->status != store::kStatusDone) return false;
  auto out = repository_.LoadStageOutput(document_id, "assess");
  if (out && out->version == kAssessVersion &&
      out->output.value("reference_date", "") == reference.Iso()) {
    return false;
  }
  const std::vector<Page> pages = repository_.LoadPages(document_id);
  const std::string type = doc->document_type.empty() ? "autre" : doc->document_type;
  Assess(*doc, pages, type, reference, /*again=*/true);
  return true;
}

void Pipeline::Fail(const store::DocumentRecord& doc, const DocumentError& error) {
  repository_.MarkFailed(doc.id, error);
  metrics_.Inc("documents_processed_total",
               {{"type", "unknown"}, {"outcome", std::string(ErrorCodeName(error.code))}});
  // The code is enough to diagnose; the file name may hold a client's name.
  spdlog::info("document {} failed: {}", doc.id, ErrorCodeName(error.code));
}

void Pipeline::GiveUp(const std::string& document_id, const std::string& reason) {
  auto doc = repository_.GetDocument(document_id);
  if (!doc || doc->status == store::kStatusDone || doc->status == store::kStatusFailed) return;
  if (auto assess = repository_.LoadStageOutput(document_id, "assess");
      assess && assess->version == kAssessVersion && services_.search != nullptr) {
    // Analysed; only the search engine stayed down. Searching for it waits for a reindex.
    spdlog::error("document {} analysed but not indexed after retries ({}): run notaria reindex",
                  document_id, reason);
    repository_.MarkDone(document_id);
    metrics_.Inc("documents_processed_total", {{"type", doc->document_type}, {"outcome", "done"}});
    return;
  }
  spdlog::error("document {} abandoned after retries: {}", document_id, reason);
  Fail(*doc, {ErrorCode::kInternal,
              "Le traitement a échoué à plusieurs reprises (service indisponible) ; "
              "relancez l'analyse du document."});
}

}  // namespace notaria::app
