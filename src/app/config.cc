#include "app/config.h"

#include <cctype>
#include <charconv>
#include <string_view>

extern char** environ;

namespace notaria::app {
namespace {

class Reader {
 public:
  Reader(const std::map<std::string, std::string>& env, std::vector<std::string>* errors)
      : env_(env), errors_(errors) {}

  std::optional<std::string> Get(const std::string& name) const {
    auto it = env_.find(name);
    if (it == env_.end() || it->second.empty()) return std::nullopt;
    return it->second;
  }

  void String(const std::string& name, std::string* out) const {
    if (auto v = Get(name)) *out = *v;
  }

  template <typename Int>
  void Integer(const std::string& name, Int min, Int max, Int* out) const {
    auto v = Get(name);
    if (!v) return;
    Int parsed{};
    auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), parsed);
    if (ec != std::errc() || ptr != v->data() + v->size() || parsed < min || parsed > max) {
      errors_->push_back(name + "=\"" + *v + "\": expected a whole number from " +
                         std::to_string(min) + " to " + std::to_string(max));
      return;
    }
    *out = parsed;
  }

  void OneOf(const std::string& name, const std::vector<std::string>& allowed,
             std::string* out) const {
    auto v = Get(name);
    if (!v) return;
    for (const auto& a : allowed) {
      if (*v == a) {
        *out = *v;
        return;
      }
    }
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    errors_->push_back(name + "=\"" + *v + "\": expected one of " + list);
  }

  // URL whose scheme is one of `schemes` and that has something after "://".
  void Url(const std::string& name, const std::vector<std::string>& schemes,
           std::string* out) const {
    auto v = Get(name);
    if (!v) return;
    for (const auto& s : schemes) {
      std::string prefix = s + "://";
      if (v->rfind(prefix, 0) == 0 && v->size() > prefix.size()) {
        *out = *v;
        return;
      }
    }
    std::string list;
    for (const auto& s : schemes) list += (list.empty() ? "" : " or ") + s + "://...";
    // The value may embed a password: never echo it.
    errors_->push_back(name + ": expected a URL of the form " + list);
  }

 private:
  const std::map<std::string, std::string>& env_;
  std::vector<std::string>* errors_;
};

bool IsHostPort(std::string_view v) {
  auto colon = v.rfind(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == v.size()) return false;
  if (v.find("://") != std::string_view::npos) return false;
  int port = 0;
  auto digits = v.substr(colon + 1);
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
  return ec == std::errc() && ptr == digits.data() + digits.size() && port > 0 && port < 65536;
}

}  // namespace

std::string Config::SqlitePath() const {
  constexpr std::string_view kPrefix = "sqlite:///";
  if (database_url.rfind(kPrefix, 0) == 0) return "/" + database_url.substr(kPrefix.size());
  return data_dir + "/notaria.db";
}

ConfigResult LoadConfig(const std::map<std::string, std::string>& env) {
  ConfigResult r;
  Reader in(env, &r.errors);
  Config& c = r.config;
  in.String("NOTARIA_DATA_DIR", &c.data_dir);
  in.Integer("API_PORT", 1, 65535, &c.api_port);
  in.Integer("WEB_PORT", 1, 65535, &c.web_port);
  in.Integer("WORKERS", 0, 64, &c.workers);
  in.Integer<int64_t>("MAX_UPLOAD_MB", 1, 10240, &c.max_upload_mb);
  in.Integer("MAX_PAGES", 1, 100000, &c.max_pages);
  in.Integer("PAGE_TIMEOUT_SECONDS", 1, 3600, &c.page_timeout_seconds);
  in.Integer("OCR_DPI", 72, 600, &c.ocr_dpi);
  in.Integer<int64_t>("READER_MEMORY_MB", 256, 65536, &c.reader_memory_mb);
  in.String("BIND_ADDRESS", &c.bind_address);
  in.OneOf("LOG_LEVEL", {"trace", "debug", "info", "warn", "error"}, &c.log_level);
  in.OneOf("EXTERNAL_APIS_MODE", {"live", "offline"}, &c.external_apis_mode);
  in.Integer("REGISTER_TIMEOUT_SECONDS", 1, 300, &c.register_timeout_seconds);
  in.Integer("REGISTER_DOCUMENT_TIMEOUT_SECONDS", 1, 3600, &c.register_document_timeout_seconds);
  in.Integer("OLLAMA_TIMEOUT_SECONDS", 1, 600, &c.ollama_timeout_seconds);
  in.String("RBE_API_TOKEN", &c.rbe_api_token);
  for (const char* source :
       {"ban", "cadastre", "georisques", "bodacc", "entreprises", "gel_avoirs", "rbe"}) {
    std::string name = "REGISTER_URL_";
    for (const char* p = source; *p; ++p) name += static_cast<char>(std::toupper(*p));
    std::string url;
    in.Url(name, {"http", "https"}, &url);
    if (!url.empty()) {
      while (url.size() > 1 && url.back() == '/') url.pop_back();
      c.register_urls[source] = url;
    }
  }
  in.Url("DATABASE_URL", {"sqlite", "postgresql", "postgres"}, &c.database_url);
  in.Url("REDIS_URL", {"redis", "rediss"}, &c.redis_url);
  in.Url("OPENSEARCH_URL", {"http", "https"}, &c.opensearch_url);
  in.String("OPENSEARCH_INDEX", &c.opensearch_index);
  in.String("WEB_ROOT", &c.web_root);
  in.Url("NEO4J_URL", {"http", "https", "bolt", "neo4j"}, &c.neo4j_url);
  in.Url("OLLAMA_BASE_URL", {"http", "https"}, &c.ollama_base_url);
  in.Url("ANYLLM_BASE_URL", {"http", "https"}, &c.anyllm_base_url);
  in.String("OLLAMA_MODEL", &c.ollama_model);
  if (auto v = in.Get("MINIO_ENDPOINT")) {
    if (IsHostPort(*v)) {
      c.minio_endpoint = *v;
    } else {
      r.errors.push_back("MINIO_ENDPOINT=\"" + *v +
                         "\": expected host:port without a scheme (e.g. minio:9000)");
    }
  }
  in.String("MINIO_ACCESS_KEY", &c.minio_access_key);
  in.String("MINIO_SECRET_KEY", &c.minio_secret_key);
  in.String("MINIO_BUCKET", &c.minio_bucket);
  {
    std::string secure = "false";
    in.OneOf("MINIO_SECURE", {"true", "false", "1", "0"}, &secure);
    c.minio_secure = secure == "true" || secure == "1";
  }
  if (!c.minio_endpoint.empty() && (c.minio_access_key.empty() || c.minio_secret_key.empty())) {
    r.errors.push_back("MINIO_ENDPOINT is set: MINIO_ACCESS_KEY and MINIO_SECRET_KEY are needed");
  }
  if (c.api_port == c.web_port) {
    r.errors.push_back("API_PORT and WEB_PORT must differ (both " + std::to_string(c.api_port) +
                       ")");
  }
  return r;
}

std::map<std::string, std::string> ProcessEnvironment() {
  std::map<std::string, std::string> env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string_view kv(*e);
    auto eq = kv.find('=');
    if (eq == std::string_view::npos) continue;
    env.emplace(std::string(kv.substr(0, eq)), std::string(kv.substr(eq + 1)));
  }
  return env;
}

std::vector<std::string> UnsupportedEngines(const Config& c) {
  // The scale-out adapters land with the reference-stack work; until then a configured
  // engine must stop the start-up rather than be silently replaced by the embedded one.
  std::vector<std::string> out;
  auto refuse = [&](const std::string& name, const std::string& value) {
    if (!value.empty()) {
      out.push_back(name +
                    " is set, but this build of notaria has no adapter for it yet; "
                    "unset it to use the embedded default");
    }
  };
  refuse("NEO4J_URL", c.neo4j_url);
  refuse("ANYLLM_BASE_URL", c.anyllm_base_url);
  return out;
}

}  // namespace notaria::app
