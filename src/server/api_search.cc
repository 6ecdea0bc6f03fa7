// Search (GET /api/search), the progress stream of documents (GET /api/events, Server-Sent
// Events) and page images (GET /api/notary/documents/{id}/pages/{n}/image).
#include <re2/re2.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <map>
#include <thread>

#include "core/document_type.h"
#include "search/search_service.h"
#include "search/search_text.h"
#include "server/api.h"
#include "text/french_dates.h"
#include "text/normalize.h"

namespace notaria::server {
namespace {

using nlohmann::json;

constexpr size_t kMaxQueryChars = 500;
constexpr size_t kMaxStreamedDocuments = 200;
// A stream ends after this long; EventSource reconnects by itself.
constexpr auto kMaxStreamDuration = std::chrono::hours(1);
// A comment line this often lets a dead client be noticed (the write fails).
constexpr auto kKeepAlive = std::chrono::seconds(15);

// A real calendar day written YYYY-MM-DD ("2024-02-30" is not one).
bool IsIsoDate(const std::string& s) {
  static const RE2 re("(\\d{4})-(\\d{2})-(\\d{2})");
  int y = 0, m = 0, d = 0;
  return RE2::FullMatch(s, re, &y, &m, &d) && text::IsValidDate(y, m, d);
}

json SnippetJson(const search::Snippet& snippet) {
  json parts = json::array();
  for (const auto& p : snippet.parts) parts.push_back({{"text", p.text}, {"hit", p.hit}});
  return parts;
}

json ProgressJson(const store::DocumentRecord& doc) {
  return {{"document_id", doc.id},
          {"status", doc.status},
          {"stage", doc.stage},
          {"percent", doc.status == store::kStatusDone ? 100 : doc.percent},
          {"document_type", doc.document_type.empty() ? json(nullptr) : json(doc.document_type)},
          {"page_count", doc.page_count},
          {"error", doc.error ? json{{"code", ErrorCodeName(doc.error->code)},
                                     {"message", doc.error->message}}
                              : json(nullptr)}};
}

std::string Event(const std::string& name, const json& data) {
  return "event: " + name + "\ndata: " + data.dump() + "\n\n";
}

class SearchApi {
 public:
  explicit SearchApi(ApiDeps& d) : d_(d) {}

  Response Search(Request& req) {
    if (d_.search == nullptr) {
      return Response::Error(503, "SEARCH_UNAVAILABLE", "La recherche n'est pas disponible.");
    }
    search::SearchRequest request;
    request.query.text = req.Query("q");
    if (!search::HasWordCharacters(request.query.text)) {
      return Response::Error(400, "MISSING_QUERY",
                             "Indiquez les mots à chercher (paramètre « q »).");
    }
    if (text::CodePointCount(request.query.text) > kMaxQueryChars) {
      return Response::Error(
          400, "QUERY_TOO_LONG",
          "Recherche trop longue : " + std::to_string(kMaxQueryChars) + " caractères au plus.");
    }
    Response error;
    auto limit = IntParam(req, "limit", 20, 1, 100, &error);
    if (!limit) return error;
    auto offset = IntParam(req, "offset", 0, 0, 10000, &error);
    if (!offset) return error;
    request.query.limit = *limit;
    request.query.offset = *offset;
    if (auto t = req.Query("type"); !t.empty()) {
      if (!IsDocumentType(t)) {
        return Response::Error(400, "INVALID_PARAMETER",
                               "Type de document inconnu : « " + t + " ».");
      }
      request.query.document_type = t;
    }
    for (const char* name : {"from", "to"}) {
      std::string v = req.Query(name);
      if (!v.empty() && !IsIsoDate(v)) {
        return Response::Error(
            400, "INVALID_PARAMETER",
            std::string("Paramètre « ") + name + " » invalide : date AAAA-MM-JJ attendue.");
      }
    }
    request.query.date_from = req.Query("from");
    request.query.date_to = req.Query("to");
    if (!request.query.date_from.empty() && !request.query.date_to.empty() &&
        request.query.date_from > request.query.date_to) {
      return Response::Error(400, "INVALID_PARAMETER",
                             "La date « from » est postérieure à la date « to ».");
    }
    request.dossier_id = req.Query("dossier_id");
    try {
      if (!request.dossier_id.empty() && !d_.repository.GetDossier(request.dossier_id)) {
        return Response::Error(404, "DOSSIER_NOT_FOUND", "Dossier introuvable.");
      }
      search::SearchResults results = d_.search->Search(request);
      json items = json::array();
      for (const auto& item : results.items) {
        items.push_back(
            {{"document_id", item.document_id},
             {"filename", item.filename},
             {"document_type",
              item.document_type.empty() ? json(nullptr) : json(item.document_type)},
             {"dossier_id", item.dossier_id.empty() ? json(nullptr) : json(item.dossier_id)},
             {"date", item.date},
             {"score", item.score},
             {"page", item.page},
             {"snippet", SnippetJson(item.snippet)}});
      }
      return Response::Json(200, {{"query", request.query.text},
                                  {"total", results.total},
                                  {"limit", *limit},
                                  {"offset", *offset},
                                  {"engine", d_.search_engine},
                                  {"items", items}});
    } catch (const search::SearchQueryError& e) {
      return Response::Error(400, "INVALID_QUERY", e.what());
    } catch (const search::SearchUnavailable& e) {
      spdlog::warn("search unavailable: {}", e.what());
      return Response::Error(
          503, "SEARCH_UNAVAILABLE",
          "Le moteur de recherche est indisponible ; réessayez dans un instant.");
    } catch (const store::StoreUnavailable& e) {
      return ServiceUnavailable(e);
    }
  }

  // The state of each document now, then each change, then `end` once all have ended.
  Response Events(Request& req) {
    std::vector<std::string> ids;
    std::string raw = req.Query("ids");
    size_t start = 0;
    while (start <= raw.size()) {
      size_t comma = raw.find(',', start);
      std::string id =
          raw.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      if (!id.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    if (ids.empty()) {
      return Response::Error(400, "MISSING_PARAMETER",
                             "Indiquez les documents à suivre (paramètre « ids »).");
    }
    if (ids.size() > kMaxStreamedDocuments) {
      return Response::Error(
          400, "INVALID_PARAMETER",
          "Au plus " + std::to_string(kMaxStreamedDocuments) + " documents par flux.");
    }
    std::vector<store::DocumentRecord> first;
    try {
      for (const auto& id : ids) {
        auto doc = d_.repository.GetDocument(id);
        if (!doc) {
          // Named, but not echoed at any length; cut between two characters.
          std::string shown = id;
          if (shown.size() > 64) {
            size_t cut = 60;
            while (cut > 0 && (static_cast<unsigned char>(shown[cut]) & 0xC0) == 0x80) --cut;
            shown = shown.substr(0, cut) + "…";
          }
          return Response::Error(404, "DOCUMENT_NOT_FOUND", "Document introuvable : " + shown);
        }
        first.push_back(*doc);
      }
    } catch (const store::StoreUnavailable& e) {
      return ServiceUnavailable(e);
    }
    Response res;
    res.content_type = "text/event-stream; charset=utf-8";
    // Proxies (Traefik, nginx) must pass events on at once.
    res.headers.push_back({"X-Accel-Buffering", "no"});
    ApiDeps* deps = &d_;
    res.stream = [deps, first](const Response::StreamWriter& write) {
      std::map<std::string, json> last;
      // The client's reconnection delay, then the current state of every document.
      if (!write("retry: 2000\n\n")) return;
      for (const auto& doc : first) {
        json p = ProgressJson(doc);
        if (!write(Event("progress", p))) return;
        last[doc.id] = p;
      }
      auto began = std::chrono::steady_clock::now();
      auto quiet_since = began;
      while (std::chrono::steady_clock::now() - began < kMaxStreamDuration) {
        bool all_ended = true;
        for (auto& [id, seen] : last) {
          if (seen["status"] == store::kStatusDone || seen["status"] == store::kStatusFailed) {
            continue;
          }
          all_ended = false;
          std::optional<store::DocumentRecord> doc;
          try {
            doc = deps->repository.GetDocument(id);
          } catch (const store::StoreUnavailable&) {
            // The database is down for now: keep the stream, try again at the next tick.
            continue;
          }
          if (!doc) {
            json gone = {
                {"document_id", id},
                {"status", "failed"},
                {"stage", ""},
                {"percent", 0},
                {"document_type", nullptr},
                {"page_count", 0},
                {"error", {{"code", "DOCUMENT_NOT_FOUND"}, {"message", "Document supprimé."}}}};
            if (!write(Event("progress", gone))) return;
            seen = gone;
            continue;
          }
          json p = ProgressJson(*doc);
          if (p != seen) {
            if (!write(Event("progress", p))) return;
            seen = p;
            quiet_since = std::chrono::steady_clock::now();
          }
        }
        if (all_ended) {
          write(Event("end", json::object()));
          return;
        }
        if (std::chrono::steady_clock::now() - quiet_since > kKeepAlive) {
          if (!write(": keep-alive\n\n")) return;
          quiet_since = std::chrono::steady_clock::now();
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(deps->events_poll_ms));
        if (!write("")) return;  // the server is stopping or the client left
      }
    };
    return res;
  }

  Response PageImage(Request& req) {
    Response error;
    int page = 0;
    {
      Request fake;
      fake.query["page"] = req.params.at("n");
      auto n = IntParam(fake, "page", 1, 1, 100000, &error);
      if (!n) return error;
      page = *n;
    }
    auto width = IntParam(req, "width", 1200, 200, 2400, &error);
    if (!width) return error;
    try {
      auto doc = d_.repository.GetDocument(req.params.at("id"));
      if (!doc) return Response::Error(404, "DOCUMENT_NOT_FOUND", "Document introuvable.");
      if (doc->page_count > 0 && page > doc->page_count) {
        return Response::Error(404, "PAGE_NOT_FOUND",
                               "Le document a " + std::to_string(doc->page_count) + " page(s).");
      }
      if (!d_.page_image) {
        return Response::Error(503, "PAGE_IMAGE_UNAVAILABLE",
                               "Les images de pages ne sont pas disponibles ici.");
      }
      std::string code, message;
      auto png = d_.page_image(*doc, page, *width, &code, &message);
      if (!png) {
        if (code == "SERVER_BUSY") {
          Response busy = Response::Error(503, code, message);
          busy.headers.push_back({"Retry-After", "2"});
          return busy;
        }
        int status = code == "PAGE_NOT_FOUND" ? 404 : code == "SERVICE_UNAVAILABLE" ? 503 : 422;
        return Response::Error(status, code, message);
      }
      Response r;
      r.content_type = "image/png";
      r.body = std::move(*png);
      // A stored original never changes, so neither do its pages.
      r.headers.push_back({"Cache-Control", "private, max-age=86400"});
      return r;
    } catch (const store::StoreUnavailable& e) {
      return ServiceUnavailable(e);
    } catch (const store::BlobUnavailable& e) {
      return ServiceUnavailable(e);
    }
  }

 private:
  ApiDeps& d_;
};

}  // namespace

void RegisterSearchRoutes(Router& router, ApiDeps& deps) {
  auto api = std::make_shared<SearchApi>(deps);
  router.Add("GET", "/api/search", [api](Request& r) { return api->Search(r); });
  router.Add("GET", "/api/events", [api](Request& r) { return api->Events(r); });
  router.Add("GET", "/api/notary/documents/{id}/pages/{n}/image",
             [api](Request& r) { return api->PageImage(r); });
}

}  // namespace notaria::server
