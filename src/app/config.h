// Configuration from the environment (names of the reference deployment, ARCHITECTURE §3).
//
// LoadConfig never throws and never exits: it returns every problem as one readable line,
// so that `notaria` can print them all and stop before doing anything. Unset variables take
// the embedded defaults; a variable set to an empty string counts as unset.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace notaria::app {

struct Config {
  std::string data_dir = "./data";          // NOTARIA_DATA_DIR: SQLite file, blobs, search index
  int api_port = 8000;                      // API_PORT
  int web_port = 8081;                      // WEB_PORT
  std::string web_root = NOTARIA_WEB_ROOT;  // WEB_ROOT: the built web UI (web/dist)
  int workers = 2;                          // WORKERS: in-process worker threads (0 = API only)
  int64_t max_upload_mb = 100;              // MAX_UPLOAD_MB
  int max_pages = 1000;                     // MAX_PAGES
  int page_timeout_seconds = 180;           // PAGE_TIMEOUT_SECONDS
  int ocr_dpi = 300;                        // OCR_DPI
  int64_t reader_memory_mb = 3072;  // READER_MEMORY_MB: address-space limit of the reader child
  std::string bind_address = "0.0.0.0";     // BIND_ADDRESS
  std::string log_level = "info";           // LOG_LEVEL: trace|debug|info|warn|error
  std::string external_apis_mode = "live";  // EXTERNAL_APIS_MODE: live|offline
  int register_timeout_seconds = 30;        // REGISTER_TIMEOUT_SECONDS: per register request
  // REGISTER_DOCUMENT_TIMEOUT_SECONDS: all register calls of one document together.
  int register_document_timeout_seconds = 120;
  // REGISTER_URL_<SOURCE> (BAN, CADASTRE, GEORISQUES, BODACC, ENTREPRISES, GEL_AVOIRS, RBE):
  // base URL overrides by source name ("cadastre" -> "http://..."), for mirrors and tests.
  std::map<std::string, std::string> register_urls;
  std::string rbe_api_token;        // RBE_API_TOKEN: RBE access (INPI habilitation)
  int ollama_timeout_seconds = 60;  // OLLAMA_TIMEOUT_SECONDS

  // Engines of the reference stack; empty = embedded default.
  std::string database_url;              // DATABASE_URL (sqlite:///path or postgresql://...)
  std::string redis_url;                 // REDIS_URL
  std::string minio_endpoint;            // MINIO_ENDPOINT (host:port)
  std::string minio_access_key;          // MINIO_ACCESS_KEY
  std::string minio_secret_key;          // MINIO_SECRET_KEY
  std::string minio_bucket = "notaria";  // MINIO_BUCKET (created if missing)
  bool minio_secure = false;             // MINIO_SECURE: true = https
  std::string opensearch_url;            // OPENSEARCH_URL
  std::string opensearch_index = "notaria-pages";  // OPENSEARCH_INDEX
  std::string neo4j_url;                           // NEO4J_URL
  std::string ollama_base_url;                     // OLLAMA_BASE_URL
  std::string ollama_model = "llama3";             // OLLAMA_MODEL
  std::string anyllm_base_url;                     // ANYLLM_BASE_URL

  // Path of the SQLite database: from DATABASE_URL=sqlite:///... or inside data_dir.
  std::string SqlitePath() const;
};

struct ConfigResult {
  Config config;
  std::vector<std::string> errors;  // one line per bad value, naming the variable
};

// Reads the variables from `env` (name -> value).
ConfigResult LoadConfig(const std::map<std::string, std::string>& env);
// The process environment as a map, for LoadConfig.
std::map<std::string, std::string> ProcessEnvironment();

// Engines that are configured but that this build cannot drive yet: one line each.
std::vector<std::string> UnsupportedEngines(const Config& config);

}  // namespace notaria::app
