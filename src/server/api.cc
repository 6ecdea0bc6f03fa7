#include "server/api.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <map>

#include "analyze/result.h"
#include "ingest/sniff.h"
#include "search/search_service.h"
#include "server/filename.h"
#include "server/multipart.h"
#include "store/random_id.h"
#include "store/sha256.h"

namespace notaria::server {
namespace {

using nlohmann::json;

json ErrorJson(const std::optional<DocumentError>& e) {
  if (!e) return nullptr;
  return {{"code", ErrorCodeName(e->code)}, {"message", e->message}};
}

Response Unavailable(const std::exception& e) { return ServiceUnavailable(e); }

class Api {
 public:
  explicit Api(ApiDeps& d) : d_(d) {}

  Response Upload(Request& req) {
    auto boundary = MultipartBoundary(req.Header("content-type"));
    if (!boundary || req.body_file.empty()) {
      return Response::Error(400, "INVALID_REQUEST",
                             "Envoyez le fichier en multipart/form-data dans le champ « file ».");
    }
    std::vector<MultipartPart> parts;
    std::string error;
    bool ok = ParseMultipartFile(req.body_file, *boundary, d_.spool_dir, &parts, &error);
    struct Cleanup {
      std::vector<MultipartPart>& parts;
      ~Cleanup() {
        for (auto& p : parts) {
          std::error_code ec;
          if (!p.file_path.empty()) std::filesystem::remove(p.file_path, ec);
        }
      }
    } cleanup{parts};
    if (!ok)
      return Response::Error(400, "INVALID_MULTIPART", "Requête multipart invalide : " + error);
    const MultipartPart* file = nullptr;
    std::optional<std::string> dossier_id;
    for (const auto& p : parts) {
      if (p.name == "file" && !p.file_path.empty()) {
        // One document per request: a second file silently dropped would be a lost piece.
        if (file != nullptr) {
          return Response::Error(400, "TOO_MANY_FILES",
                                 "Un seul fichier par envoi : envoyez les autres séparément.");
        }
        file = &p;
      }
      if (p.name == "dossier_id" && !p.value.empty()) dossier_id = p.value;
    }
    if (file == nullptr) {
      return Response::Error(400, "FILE_MISSING", "Le champ « file » est absent de la requête.");
    }
    if (file->size > d_.max_upload_bytes) {
      return Response::Error(413, "PAYLOAD_TOO_LARGE",
                             "Fichier trop volumineux : la limite est de " +
                                 std::to_string(d_.max_upload_bytes >> 20) + " Mo.");
    }
    if (file->size == 0) {
      return Response::Error(422, "EMPTY_FILE",
                             std::string(DefaultErrorMessage(ErrorCode::kEmptyFile)));
    }
    ingest::FileFormat format = ingest::SniffFile(file->file_path);
    if (format == ingest::FileFormat::kUnknown) {
      return Response::Error(415, "UNSUPPORTED_FORMAT",
                             std::string(DefaultErrorMessage(ErrorCode::kUnsupportedFormat)));
    }
    try {
      // An unknown dossier refuses the upload before anything is stored.
      if (dossier_id && !d_.repository.GetDossier(*dossier_id)) {
        return Response::Error(404, "DOSSIER_NOT_FOUND",
                               "Dossier « " + *dossier_id +
                                   " » introuvable : créez-le d'abord "
                                   "(POST /api/dossiers).");
      }
      std::string sha = store::Sha256OfFile(file->file_path);
      // The original is stored before the record exists, so a record never points to
      // nothing; a crash in between leaves an unreferenced blob, which is harmless.
      d_.blobs.PutFile(sha, file->file_path);
      store::DocumentRecord doc;
      doc.sha256 = sha;
      doc.filename = SanitizeFilename(file->filename);
      doc.mime_type = std::string(ingest::FormatMimeType(format));
      doc.format = std::string(ingest::FormatName(format));
      doc.size_bytes = static_cast<int64_t>(file->size);
      doc.status = std::string(store::kStatusQueued);
      doc.stage = "queued";
      auto [stored, created] = d_.repository.InsertOrGetDocument(doc);
      if (created) {
        d_.queue.Enqueue(stored.id);
        d_.metrics.Inc("documents_uploaded_total", {{"format", stored.format}});
      } else if (stored.status == store::kStatusQueued) {
        // Sent again after a 503: the first attempt may have stored the document and lost
        // its job with the queue. Enqueue is a no-op while a job is pending.
        d_.queue.Enqueue(stored.id);
      }
      if (dossier_id && stored.dossier_id != dossier_id) {
        // The same bytes already filed elsewhere stay where they are: moving them would
        // change the other dossier behind its notary's back.
        if (stored.dossier_id) {
          return DocumentInOtherDossier(d_.repository, stored.id, *stored.dossier_id);
        }
        // Attached after the insert, in one step with the dossier's existence: a dossier
        // deleted meanwhile is never referenced (the document stays, without a dossier).
        if (!d_.repository.SetDocumentDossier(stored.id, dossier_id)) {
          return Response::Error(404, "DOSSIER_NOT_FOUND",
                                 "Dossier « " + *dossier_id +
                                     " » introuvable (supprimé entre-temps) : le document est "
                                     "conservé hors dossier (" +
                                     stored.id + ").");
        }
        stored.dossier_id = dossier_id;
        d_.queue.Enqueue(std::string(kDossierJobPrefix) + *dossier_id);
      }
      json body = {{"document_id", stored.id},
                   {"mime_type", stored.mime_type},
                   {"functional_type",
                    stored.document_type.empty() ? json(nullptr) : json(stored.document_type)},
                   {"status", stored.status},
                   {"filename", stored.filename},
                   {"sha256", stored.sha256},
                   {"dossier_id", stored.dossier_id ? json(*stored.dossier_id) : json(nullptr)},
                   {"duplicate", !created}};
      return Response::Json(created ? 201 : 200, body);
    } catch (const store::StoreUnavailable& e) {
      return Unavailable(e);
    } catch (const store::BlobUnavailable& e) {
      return Unavailable(e);
    }
  }

  Response GetDocument(Request& req) {
    try {
      auto doc = d_.repository.GetDocument(req.params.at("id"));
      if (!doc) return NotFound();
      return Response::Json(200, DocumentJson(*doc, d_.repository, true));
    } catch (const store::StoreUnavailable& e) {
      return Unavailable(e);
    }
  }

  // The 4NK_IA shape: what a notary needs first about one document.
  Response Analysis(Request& req) {
    try {
      std::optional<store::DocumentRecord> doc;
      std::optional<store::StageOutput> assess;
      if (auto refused = LoadStage(req.params.at("id"), "assess", true, &doc, &assess)) {
        return *refused;
      }
      const json& out = assess->output;
      json synthesis = out.value("synthesis", json::object());
      json score = out.value("score", json::object());
      return Response::Json(200,
                            {{"document_id", doc->id},
                             {"document_type", doc->document_type},
                             {"is_cni", doc->document_type == "cni"},
                             {"credibility_score", score.value("value", json())},
                             {"summary", synthesis.value("summary", "")},
                             {"recommendations", synthesis.value("recommendations", json::array())},
                             {"findings", out.value("findings", json::array())},
                             {"score", score}});
    } catch (const store::StoreUnavailable& e) {
      return Unavailable(e);
    }
  }

  // What the official registers said about the document (verify stage), with the mode.
  Response Context(Request& req) {
    try {
      std::optional<store::DocumentRecord> doc;
      std::optional<store::StageOutput> verify;
      if (auto refused = LoadStage(req.params.at("id"), "verify", false, &doc, &verify)) {
        return *refused;
      }
      json verifications = verify->output.value("verifications", json::array());
      json counts = json::object();
      for (const json& v : verifications) {
        std::string status = v.value("status", "unknown");
        counts[status] = counts.value(status, 0) + 1;
      }
      return Response::Json(
          200, {{"document_id", doc->id},
                {"document_type", doc->document_type},
                {"dossier_id", doc->dossier_id ? json(*doc->dossier_id) : json(nullptr)},
                {"verifications", verifications},
                {"counts", counts}});
    } catch (const store::StoreUnavailable& e) {
      return Unavailable(e);
    }
  }

  // Synthesis and advice: the document's, and its dossier's when it belongs to one.
  Response Conseil(Request& req) {
    try {
      std::optional<store::DocumentRecord> doc;
      std::optional<store::StageOutput> assess;
      if (auto refused = LoadStage(req.params.at("id"), "assess", true, &doc, &assess)) {
        return *refused;
      }
      const json& out = assess->output;
      json findings = json::array();
      for (const json& f : out.value("findings", json::array())) {
        findings.push_back({{"code", f.value("code", "")},
                            {"severity", f.value("severity", "info")},
                            {"message", f.value("message", "")}});
      }
      json body = {{"document_id", doc->id},
                   {"document_type", doc->document_type},
                   {"synthesis", out.value("synthesis", json::object())},
                   {"findings", findings},
                   {"credibility_score", out.value("score", json::object()).value("value", json())},
                   {"reference_date", out.value("reference_date", json())},
                   {"dossier", nullptr}};
      if (doc->dossier_id && d_.dossier_analysis) {
        if (auto dossier = d_.dossier_analysis(*doc->dossier_id)) {
          json dossier_findings = json::array();
          for (const json& f : dossier->value("findings", json::array())) {
            auto docs = f.value("documents", json::array());
            if (std::find(docs.begin(), docs.end(), json(doc->id)) != docs.end()) {
              dossier_findings.push_back(f);
            }
          }
          body["dossier"] = {{"dossier_id", *doc->dossier_id},
                             {"synthesis", dossier->value("synthesis", json::object())},
                             {"findings_about_this_document", dossier_findings}};
        }
      }
      return Response::Json(200, body);
    } catch (const store::StoreUnavailable& e) {
      return Unavailable(e);
    }
  }

  Response GetOriginal(Request& req) {
    try {
      auto doc = d_.repository.GetDocument(req.params.at("id"));
      if (!doc) return NotFound();
      Response r;
      r.content_type = doc->mime_type;
      if (auto path = d_.blobs.LocalPath(doc->sha256)) {
        r.file_path = *path;
      } else {
        // A remote store (S3): a copy in the spool, gone once sent.
        r.file_path = d_.spool_dir + "/original-" + store::NewDocumentId();
        d_.blobs.GetToFile(doc->sha256, r.file_path);
        r.delete_file = true;
      }
      r.headers.push_back(
          {"Content-Disposition", "attachment; filename*=UTF-8''" + PercentEncode(doc->filename)});
      return r;
    } catch (const store::StoreUnavailable& e) {
      return Unavailable(e);
    } catch (const store::BlobUnavailable& e) {
      return Unavailable(e);
    }
  }

  Response ListDocuments(Request& req) {
    Response error;
    auto limit = IntParam(req, "limit", 20, 1, 200, &error);
    if (!limit) return error;
    auto offset = IntParam(req, "offset", 0, 0, 1 << 30, &error);
    if (!offset) return error;
    store::DocumentFilter filter;
    filter.limit = *limit;
    filter.offset = *offset;
    if (auto s = req.Query("status"); !s.empty()) {
      if (s != store::kStatusQueued && s != store::kStatusProcessing && s != store::kStatusDone &&
          s != store::kStatusFailed) {
        return Response::Error(400, "INVALID_PARAMETER",
                               "Paramètre « status » invalide (queued, processing, done, failed).");
      }
      filter.status = s;
    }
    if (auto t = req.Query("type"); !t.empty()) filter.document_type = t;
    if (auto dsr = req.Query("dossier_id"); !dsr.empty()) filter.dossier_id = dsr;
    try {
      store::DocumentList list = d_.repository.ListDocuments(filter);
      json items = json::array();
      // The dossier's findings that name a document count on its row too: an ID card whose
      // name differs from the deed's has nothing wrong of its own.
      std::map<std::string, json> dossier_findings;
      for (const auto& doc : list.items) {
        json item = DocumentJson(doc, d_.repository, false);
        item["cross_finding_counts"] = nullptr;
        if (doc.dossier_id) {
          auto [it, fresh] = dossier_findings.try_emplace(*doc.dossier_id, json::array());
          if (fresh) {
            if (auto a = DossierAnalysisForList(d_, *doc.dossier_id)) {
              it->second = a->value("findings", json::array());
            }
          }
          item["cross_finding_counts"] = SeverityCounts(it->second, [&](const json& f) {
            const json docs = f.value("documents", json::array());
            return std::find(docs.begin(), docs.end(), json(doc.id)) != docs.end();
          });
        }
        items.push_back(std::move(item));
      }
      return Response::Json(200, {{"items", items},
                                  {"total", list.total},
                                  {"limit", filter.limit},
                                  {"offset", filter.offset}});
    } catch (const store::StoreUnavailable& e) {
      return Unavailable(e);
    }
  }

  Response Health(Request&) {
    json services = json::object();
    bool all_ok = true;
    auto check = [&](const std::string& name, const std::string& engine, auto&& ping) {
      bool ok = false;
      try {
        ok = ping();
      } catch (const std::exception&) {
        ok = false;
      }
      services[name] = {{"status", ok ? "ok" : "degraded"}, {"engine", engine}};
      if (!ok) {
        services[name]["reason"] = "ne répond pas";
        all_ok = false;
      }
    };
    check("database", d_.database_engine, [&] { return d_.repository.Ping(); });
    check("storage", d_.storage_engine, [&] { return d_.blobs.Ping(); });
    check("queue", d_.queue_engine, [&] { return d_.queue.Ping(); });
    if (d_.search != nullptr) {
      check("search", d_.search_engine, [&] { return d_.search->index().Ping(); });
    }
    services["workers"] = {{"status", d_.workers > 0 ? "ok" : "external"}, {"count", d_.workers}};
    // Off by choice is not a fault: the platform works, its verifications say "skipped".
    services["registers"] = {{"status", d_.registers_mode == "offline" ? "off" : "ok"},
                             {"mode", d_.registers_mode}};
    json body = {
        {"status", all_ok ? "ok" : "degraded"}, {"version", d_.version}, {"services", services}};
    return Response::Json(all_ok ? 200 : 503, body);
  }

  Response MetricsText(Request&) {
    Response r;
    r.content_type = "text/plain; version=0.0.4; charset=utf-8";
    r.body = d_.metrics.Render();
    return r;
  }

 private:
  // A document and the output of one of its stages (of a done document only, when
  // `done_only`); otherwise the answer to give instead: 404 unknown, 422 with the document's
  // error code when it failed (it was never verified nor assessed), 409 while the stage has
  // not run.
  std::optional<Response> LoadStage(const std::string& id, std::string_view stage, bool done_only,
                                    std::optional<store::DocumentRecord>* doc,
                                    std::optional<store::StageOutput>* out) {
    *doc = d_.repository.GetDocument(id);
    if (!*doc) return NotFound();
    if ((*doc)->status == store::kStatusFailed && (*doc)->error) {
      return Response::Error(422, std::string(ErrorCodeName((*doc)->error->code)),
                             (*doc)->error->message);
    }
    *out = d_.repository.LoadStageOutput(id, stage);
    if ((done_only && (*doc)->status != store::kStatusDone) || !*out) return NotReady(**doc);
    return std::nullopt;
  }

  static Response NotReady(const store::DocumentRecord& doc) {
    Response r = Response::Error(409, "DOCUMENT_NOT_READY",
                                 "L'analyse du document n'est pas terminée (étape « " + doc.stage +
                                     " », " + std::to_string(doc.percent) + " %).");
    r.headers.push_back({"Retry-After", "2"});
    return r;
  }

  static Response NotFound() {
    return Response::Error(404, "DOCUMENT_NOT_FOUND", "Document introuvable.");
  }

  static std::string PercentEncode(const std::string& s) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
      if (std::isalnum(c) || c == '.' || c == '-' || c == '_') {
        out += static_cast<char>(c);
      } else {
        out += '%';
        out += kHex[c >> 4];
        out += kHex[c & 15];
      }
    }
    return out;
  }

  ApiDeps& d_;
};

}  // namespace

// Parses a non-negative integer query parameter; nullopt (and an error response) if invalid.
std::optional<int> IntParam(const Request& req, const std::string& name, int fallback, int min,
                            int max, Response* error) {
  std::string v = req.Query(name);
  if (v.empty()) return fallback;
  int out = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || p != v.data() + v.size() || out < min || out > max) {
    *error = Response::Error(400, "INVALID_PARAMETER",
                             "Paramètre « " + name + " » invalide : entier de " +
                                 std::to_string(min) + " à " + std::to_string(max) + " attendu.");
    return std::nullopt;
  }
  return out;
}

Response DocumentInOtherDossier(store::Repository& repository, const std::string& document_id,
                                const std::string& dossier_id) {
  std::string name;
  try {
    if (auto dossier = repository.GetDossier(dossier_id)) name = dossier->name;
  } catch (const store::StoreUnavailable&) {
    // The refusal stands without the name.
  }
  // With what a client needs to offer the move or open the other dossier.
  return Response::Error(
      409, "DOCUMENT_IN_OTHER_DOSSIER",
      "Ce document fait déjà partie du dossier « " + (name.empty() ? dossier_id : name) +
          " » : retirez-le de ce dossier, ou déplacez-le ici (rattachement avec « move »).",
      {{"document_id", document_id}, {"dossier_id", dossier_id}, {"dossier_name", name}});
}

std::optional<json> DossierAnalysisForList(ApiDeps& deps, const std::string& dossier_id) {
  if (!deps.dossier_analysis) return std::nullopt;
  try {
    return deps.dossier_analysis(dossier_id);
  } catch (const store::StoreUnavailable&) {
    throw;
  } catch (const std::exception& e) {
    spdlog::warn("dossier {}: no analysis for the list: {}", dossier_id, e.what());
    return std::nullopt;
  }
}

json SeverityCounts(const json& findings, const std::function<bool(const json&)>& keep) {
  json counts = {{"critical", 0}, {"warning", 0}, {"info", 0}};
  if (!findings.is_array()) return counts;
  for (const json& f : findings) {
    std::string severity = f.is_object() ? f.value("severity", "") : "";
    if (counts.contains(severity) && (!keep || keep(f))) {
      counts[severity] = counts[severity].get<int>() + 1;
    }
  }
  return counts;
}

Response ServiceUnavailable(const std::exception& e) {
  spdlog::warn("service unavailable: {}", e.what());
  return Response::Error(503, "SERVICE_UNAVAILABLE",
                         "Un service nécessaire est indisponible ; réessayez dans un instant.");
}

std::optional<json> JsonBody(const Request& req, Response* error) {
  json body = json::parse(req.body, nullptr, false);
  if (req.body.empty()) body = json::object();
  if (body.is_discarded() || !body.is_object()) {
    *error =
        Response::Error(400, "INVALID_JSON", "Le corps de la requête doit être un objet JSON.");
    return std::nullopt;
  }
  return body;
}

json DocumentJson(const store::DocumentRecord& doc, store::Repository& repository,
                  bool with_result) {
  json j = {
      {"document_id", doc.id},
      {"filename", doc.filename},
      {"mime_type", doc.mime_type},
      {"format", doc.format},
      {"size_bytes", doc.size_bytes},
      {"sha256", doc.sha256},
      {"status", doc.status},
      {"progress", {{"stage", doc.stage}, {"percent", doc.percent}}},
      {"error", ErrorJson(doc.error)},
      {"document_type", doc.document_type.empty() ? json(nullptr) : json(doc.document_type)},
      {"functional_type", doc.document_type.empty() ? json(nullptr) : json(doc.document_type)},
      {"dossier_id", doc.dossier_id ? json(*doc.dossier_id) : json(nullptr)},
      {"page_count", doc.page_count},
      {"created_at", doc.created_at},
      {"updated_at", doc.updated_at}};
  // The score and the findings by severity travel with the document, so that a list shows
  // them without one call per row.
  j["credibility_score"] = nullptr;
  j["finding_counts"] = nullptr;
  if (doc.status == store::kStatusDone) {
    if (auto assess = repository.LoadStageOutput(doc.id, "assess")) {
      const json& score = assess->output.value("score", json::object());
      if (score.contains("value") && score["value"].is_number()) {
        j["credibility_score"] = score["value"];
      }
      j["finding_counts"] = SeverityCounts(assess->output.value("findings", json::array()));
    }
  }
  if (with_result) {
    std::map<std::string, json> outputs;
    for (const char* stage : {"classify", "extract", "verify", "assess"}) {
      if (auto out = repository.LoadStageOutput(doc.id, stage)) outputs[stage] = out->output;
    }
    j["result"] = analyze::BuildResult(repository.LoadPages(doc.id), outputs);
  }
  return j;
}

void RegisterApiRoutes(Router& router, ApiDeps& deps) {
  deps.metrics.Describe("documents_uploaded_total", Metrics::Type::kCounter,
                        "Documents accepted by upload, by sniffed format.");
  auto api = std::make_shared<Api>(deps);
  router.Add("POST", "/api/notary/upload", [api](Request& r) { return api->Upload(r); });
  router.Add("GET", "/api/notary/documents", [api](Request& r) { return api->ListDocuments(r); });
  router.Add("GET", "/api/notary/documents/{id}",
             [api](Request& r) { return api->GetDocument(r); });
  router.Add("GET", "/api/documents/{id}/analyze", [api](Request& r) { return api->Analysis(r); });
  router.Add("GET", "/api/documents/{id}/context", [api](Request& r) { return api->Context(r); });
  router.Add("GET", "/api/documents/{id}/conseil", [api](Request& r) { return api->Conseil(r); });
  router.Add("GET", "/api/notary/documents/{id}/original",
             [api](Request& r) { return api->GetOriginal(r); });
  RegisterOpsRoutes(router, deps);
  RegisterDossierRoutes(router, deps);
  RegisterSearchRoutes(router, deps);
}

void RegisterOpsRoutes(Router& router, ApiDeps& deps) {
  auto api = std::make_shared<Api>(deps);
  router.Add("GET", "/api/health", [api](Request& r) { return api->Health(r); });
  router.Add("GET", "/metrics", [api](Request& r) { return api->MetricsText(r); });
}

}  // namespace notaria::server
