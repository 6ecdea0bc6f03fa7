// Dossier routes:
//   POST   /api/dossiers                              {type?, name?} -> 201 dossier
//   GET    /api/dossiers                              ?limit&offset -> {items, total, ...}, each
//                                                    item with its overview (documents, missing
//                                                    pieces, cross-document findings)
//   GET    /api/dossiers/{id}                         dossier + its documents (no text)
//   DELETE /api/dossiers/{id}                         deletes the folder, keeps the documents
//   POST   /api/dossiers/{id}/documents               {document_id, move?} -> attach (move:
//                                                    true takes it from another dossier)
//   DELETE /api/dossiers/{id}/documents/{document_id} detach
//   GET    /api/dossiers/{id}/analysis                cross-document findings, checklist,
//                                                    verifications, synthesis
// Every change of membership queues the dossier's refresh, so its analysis follows.
#include <spdlog/spdlog.h>

#include "server/api.h"
#include "text/normalize.h"

namespace notaria::server {
namespace {

using nlohmann::json;

json DossierJson(const store::DossierRecord& d) {
  return {{"dossier_id", d.id},
          {"type", d.type},
          {"name", d.name},
          {"created_at", d.created_at},
          {"updated_at", d.updated_at}};
}

Response DossierNotFound() {
  return Response::Error(404, "DOSSIER_NOT_FOUND", "Dossier introuvable.");
}

class DossierApi {
 public:
  explicit DossierApi(ApiDeps& d) : d_(d) {}

  Response Create(Request& req) {
    Response error;
    auto body = JsonBody(req, &error);
    if (!body) return error;
    store::DossierRecord d;
    if (body->contains("type")) {
      if (!(*body)["type"].is_string() ||
          !store::IsDossierType((*body)["type"].get<std::string>())) {
        return Response::Error(400, "INVALID_DOSSIER_TYPE",
                               "Type de dossier invalide : vente, donation, succession ou autre.");
      }
      d.type = (*body)["type"].get<std::string>();
    }
    if (body->contains("name")) {
      const json& name = (*body)["name"];
      // 200 characters, not bytes: "Vente Hélène Ødegård" counts 20.
      if (!name.is_string() || text::CodePointCount(name.get<std::string>()) > 200 ||
          text::HasLayoutControls(name.get<std::string>())) {
        return Response::Error(400, "INVALID_PARAMETER",
                               "Le nom du dossier doit être un texte d'une ligne de 200 "
                               "caractères au plus.");
      }
      // Blanks of every kind around it: a name of NBSPs or zero-width spaces is no name.
      d.name = text::TrimBlanks(name.get<std::string>());
    }
    try {
      return Response::Json(201, DossierJson(d_.repository.CreateDossier(d)));
    } catch (const store::StoreUnavailable& e) {
      return ServiceUnavailable(e);
    }
  }

  Response List(Request& req) {
    int limit = 20, offset = 0;
    if (!ParseInt(req.Query("limit"), 1, 200, &limit) ||
        !ParseInt(req.Query("offset"), 0, 1 << 30, &offset)) {
      return Response::Error(400, "INVALID_PARAMETER",
                             "Paramètres « limit » (1 à 200) ou « offset » invalides.");
    }
    try {
      store::DossierList list = d_.repository.ListDossiers(limit, offset);
      json items = json::array();
      for (const auto& d : list.items) {
        json item = DossierJson(d);
        item["overview"] = Overview(d.id);
        items.push_back(std::move(item));
      }
      return Response::Json(
          200, {{"items", items}, {"total", list.total}, {"limit", limit}, {"offset", offset}});
    } catch (const store::StoreUnavailable& e) {
      return ServiceUnavailable(e);
    }
  }

  Response Get(Request& req) {
    try {
      auto d = d_.repository.GetDossier(req.params.at("id"));
      if (!d) return DossierNotFound();
      json body = DossierJson(*d);
      body["documents"] = Documents(d->id);
      return Response::Json(200, body);
    } catch (const store::StoreUnavailable& e) {
      return ServiceUnavailable(e);
    }
  }

  Response Delete(Request& req) {
    try {
      const std::string& id = req.params.at("id");
      store::DocumentFilter members;
      members.dossier_id = id;
      members.limit = 1;  // the count is all that is needed
      int64_t detached = d_.repository.ListDocuments(members).total;
      if (!d_.repository.DeleteDossier(id)) return DossierNotFound();
      return Response::Json(
          200, {{"dossier_id", id}, {"deleted", true}, {"detached_documents", detached}});
    } catch (const store::StoreUnavailable& e) {
      return ServiceUnavailable(e);
    }
  }

  Response Attach(Request& req) {
    Response error;
    auto body = JsonBody(req, &error);
    if (!body) return error;
    if (!body->contains("document_id") || !(*body)["document_id"].is_string()) {
      return Response::Error(400, "INVALID_PARAMETER",
                             "Indiquez le document à ajouter : {\"document_id\": \"...\"}.");
    }
    std::string document_id = (*body)["document_id"].get<std::string>();
    if (body->contains("move") && !(*body)["move"].is_boolean()) {
      return Response::Error(400, "INVALID_PARAMETER", "« move » doit valoir true ou false.");
    }
    bool move = body->value("move", false);
    try {
      const std::string& id = req.params.at("id");
      if (!d_.repository.GetDossier(id)) return DossierNotFound();
      auto doc = d_.repository.GetDocument(document_id);
      if (!doc) return Response::Error(404, "DOCUMENT_NOT_FOUND", "Document introuvable.");
      // A document belongs to one dossier: taking it out of another one changes that
      // dossier's analysis, so it is done only when asked for.
      if (doc->dossier_id && *doc->dossier_id != id && !move) {
        return DocumentInOtherDossier(d_.repository, document_id, *doc->dossier_id);
      }
      if (!d_.repository.SetDocumentDossier(document_id, id)) return DossierNotFound();
      if (doc->dossier_id && *doc->dossier_id != id) {
        d_.queue.Enqueue(std::string(kDossierJobPrefix) + *doc->dossier_id);
      }
      d_.queue.Enqueue(std::string(kDossierJobPrefix) + id);
      return Response::Json(200,
                            {{"dossier_id", id}, {"document_id", document_id}, {"attached", true}});
    } catch (const store::StoreUnavailable& e) {
      return ServiceUnavailable(e);
    }
  }

  Response Detach(Request& req) {
    try {
      const std::string& id = req.params.at("id");
      const std::string& document_id = req.params.at("document_id");
      if (!d_.repository.GetDossier(id)) return DossierNotFound();
      auto doc = d_.repository.GetDocument(document_id);
      if (!doc || doc->dossier_id != id) {
        return Response::Error(404, "DOCUMENT_NOT_IN_DOSSIER",
                               "Ce document ne fait pas partie de ce dossier.");
      }
      d_.repository.SetDocumentDossier(document_id, std::nullopt);
      d_.queue.Enqueue(std::string(kDossierJobPrefix) + id);
      return Response::Json(200,
                            {{"dossier_id", id}, {"document_id", document_id}, {"detached", true}});
    } catch (const store::StoreUnavailable& e) {
      return ServiceUnavailable(e);
    }
  }

  Response Analysis(Request& req) {
    try {
      if (!d_.dossier_analysis) {
        return Response::Error(503, "SERVICE_UNAVAILABLE", "Analyse de dossier indisponible.");
      }
      auto analysis = d_.dossier_analysis(req.params.at("id"));
      if (!analysis) return DossierNotFound();
      json body = *analysis;
      body.erase("fingerprint");  // internal: which document states it was computed from
      return Response::Json(200, body);
    } catch (const store::StoreUnavailable& e) {
      return ServiceUnavailable(e);
    }
  }

 private:
  static bool ParseInt(const std::string& v, int min, int max, int* out) {
    if (v.empty()) return true;
    if (v.size() > 10 || v.find_first_not_of("0123456789") != std::string::npos) return false;
    long n = std::stol(v);
    if (n < min || n > max) return false;
    *out = static_cast<int>(n);
    return true;
  }

  // Where a dossier stands, for its row in the list: its documents, the pieces still missing
  // and the discrepancies between its documents. From the dossier's analysis, recomputed only
  // when its documents changed since; null when there is none.
  json Overview(const std::string& dossier_id) {
    std::optional<json> analysis = DossierAnalysisForList(d_, dossier_id);
    if (!analysis || !analysis->is_object()) return nullptr;
    int documents = 0, pending = 0, failed = 0, with_findings = 0;
    for (const json& doc : analysis->value("documents", json::array())) {
      ++documents;
      std::string status = doc.value("status", "");
      if (status == store::kStatusFailed) {
        ++failed;
      } else if (status != store::kStatusDone) {
        ++pending;
      }
      if (doc.contains("findings") && doc["findings"].is_array() && !doc["findings"].empty()) {
        ++with_findings;
      }
    }
    int expected = 0, missing = 0, to_check = 0;
    for (const json& piece : analysis->value("checklist", json::array())) {
      ++expected;
      std::string status = piece.value("status", "");
      missing += status == "missing";
      // There, but flagged by its own analysis or a cross-document check (an expired DPE).
      to_check += status == "present" && piece.contains("alerts") && piece["alerts"].is_array() &&
                  !piece["alerts"].empty();
    }
    json cross = SeverityCounts(analysis->value("findings", json::array()));
    return {{"documents", documents},
            {"pending", pending},
            {"failed", failed},
            {"documents_with_findings", with_findings},
            {"pieces_expected", expected},
            {"pieces_missing", missing},
            {"pieces_to_check", to_check},
            {"cross_findings", cross}};
  }

  json Documents(const std::string& dossier_id) {
    store::DocumentFilter filter;
    filter.dossier_id = dossier_id;
    filter.limit = 200;
    json items = json::array();
    while (true) {
      store::DocumentList list = d_.repository.ListDocuments(filter);
      for (const auto& doc : list.items) items.push_back(DocumentJson(doc, d_.repository, false));
      if (list.items.empty() || filter.offset + filter.limit >= list.total) break;
      filter.offset += filter.limit;
    }
    return items;
  }

  ApiDeps& d_;
};

}  // namespace

void RegisterDossierRoutes(Router& router, ApiDeps& deps) {
  auto api = std::make_shared<DossierApi>(deps);
  router.Add("POST", "/api/dossiers", [api](Request& r) { return api->Create(r); });
  router.Add("GET", "/api/dossiers", [api](Request& r) { return api->List(r); });
  router.Add("GET", "/api/dossiers/{id}", [api](Request& r) { return api->Get(r); });
  router.Add("DELETE", "/api/dossiers/{id}", [api](Request& r) { return api->Delete(r); });
  router.Add("POST", "/api/dossiers/{id}/documents", [api](Request& r) { return api->Attach(r); });
  router.Add("DELETE", "/api/dossiers/{id}/documents/{document_id}",
             [api](Request& r) { return api->Detach(r); });
  router.Add("GET", "/api/dossiers/{id}/analysis", [api](Request& r) { return api->Analysis(r); });
}

}  // namespace notaria::server
