#include "server/web_files.h"

#include <filesystem>

#include "server/router.h"

namespace notaria::server {
namespace {

namespace fs = std::filesystem;

Response NotBuilt(const std::string& root) {
  Response r;
  r.status = 503;
  r.content_type = "text/html; charset=utf-8";
  r.body =
      "<!doctype html><html lang=\"fr\"><meta charset=\"utf-8\"><title>Notaria</title>"
      "<body><h1>Interface web non construite</h1><p>Les fichiers de l'interface sont absents "
      "de <code>" +
      root +
      "</code>. Lancez <code>make run</code> (ou <code>scripts/build-web.sh</code>) depuis le "
      "dépôt ; l'API reste disponible sous <code>/api/</code>.</p></body></html>";
  return r;
}

Response File(const fs::path& path) {
  Response r;
  r.file_path = path.string();
  r.content_type = ContentTypeOf(path.string());
  // index.html names the bundles; it must be fetched again to see a new build.
  r.headers.push_back(
      {"Cache-Control", path.filename() == "index.html" ? "no-cache" : "public, max-age=300"});
  r.headers.push_back({"X-Content-Type-Options", "nosniff"});
  return r;
}

}  // namespace

std::string ContentTypeOf(const std::string& path) {
  std::string ext = fs::path(path).extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json" || ext == ".map") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

void RegisterWebRoutes(Router& router, const std::string& root) {
  router.SetStaticFallback([root](Request& req) {
    std::error_code ec;
    fs::path base = fs::weakly_canonical(root, ec);
    if (ec || !fs::is_regular_file(base / "index.html", ec)) return NotBuilt(root);
    fs::path rel = fs::path(req.path).relative_path().lexically_normal();
    for (const auto& part : rel) {
      if (part == "..") return Response::Error(400, "INVALID_PATH", "Chemin invalide.");
    }
    fs::path candidate = base / rel;
    if (!rel.empty() && fs::is_regular_file(candidate, ec)) return File(candidate);
    // A missing asset is a 404; any other path is a page of the UI.
    if (rel.has_extension() && rel.extension() != ".html") {
      return Response::Error(404, "NOT_FOUND", "Fichier introuvable.");
    }
    return File(base / "index.html");
  });
}

}  // namespace notaria::server
