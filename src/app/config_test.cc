#include "app/config.h"

#include <gtest/gtest.h>

namespace notaria::app {
namespace {

TEST(LoadConfig, DefaultsWhenNothingIsSet) {
  ConfigResult r = LoadConfig({});
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(r.config.api_port, 8000);
  EXPECT_EQ(r.config.web_port, 8081);
  EXPECT_EQ(r.config.opensearch_index, "notaria-pages");
  EXPECT_EQ(r.config.web_root.substr(r.config.web_root.size() - 9), "/web/dist");
  EXPECT_EQ(r.config.max_upload_mb, 100);
  EXPECT_EQ(r.config.external_apis_mode, "live");
  EXPECT_EQ(r.config.SqlitePath(), "./data/notaria.db");
}

TEST(LoadConfig, ReadsValues) {
  ConfigResult r = LoadConfig({{"API_PORT", "9000"},
                               {"WEB_PORT", "9001"},
                               {"WORKERS", "0"},
                               {"MAX_UPLOAD_MB", "5"},
                               {"NOTARIA_DATA_DIR", "/srv/notaria"},
                               {"EXTERNAL_APIS_MODE", "offline"},
                               {"MINIO_ENDPOINT", "minio:9000"},
                               {"MINIO_ACCESS_KEY", "notaria"},
                               {"MINIO_SECRET_KEY", "s3cret"},
                               {"MINIO_SECURE", "true"}});
  ASSERT_TRUE(r.errors.empty()) << r.errors.front();
  EXPECT_TRUE(r.config.minio_secure);
  EXPECT_EQ(r.config.minio_bucket, "notaria");
  EXPECT_EQ(r.config.api_port, 9000);
  EXPECT_EQ(r.config.workers, 0);
  EXPECT_EQ(r.config.max_upload_mb, 5);
  EXPECT_EQ(r.config.SqlitePath(), "/srv/notaria/notaria.db");
  EXPECT_EQ(r.config.minio_endpoint, "minio:9000");
  // An endpoint without its credentials cannot work: said at start, not at the first upload.
  auto half = LoadConfig({{"MINIO_ENDPOINT", "minio:9000"}, {"MINIO_SECURE", "peut-etre"}});
  ASSERT_EQ(half.errors.size(), 2u);
  EXPECT_NE(half.errors[0].find("MINIO_SECURE"), std::string::npos);
  EXPECT_NE(half.errors[1].find("MINIO_ACCESS_KEY"), std::string::npos);
}

TEST(LoadConfig, EmptyValueCountsAsUnset) {
  ConfigResult r = LoadConfig({{"API_PORT", ""}});
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(r.config.api_port, 8000);
}

TEST(LoadConfig, OneLinePerBadValueNamingTheVariable) {
  ConfigResult r = LoadConfig({{"API_PORT", "80a"},
                               {"WEB_PORT", "70000"},
                               {"WORKERS", "-1"},
                               {"MAX_UPLOAD_MB", "0"},
                               {"EXTERNAL_APIS_MODE", "sometimes"},
                               {"DATABASE_URL", "mysql://u:secret@h/db"},
                               {"MINIO_ENDPOINT", "http://minio:9000"}});
  ASSERT_EQ(r.errors.size(), 7u);
  EXPECT_NE(r.errors[0].find("API_PORT"), std::string::npos);
  EXPECT_NE(r.errors[1].find("WEB_PORT"), std::string::npos);
  for (const auto& e : r.errors) {
    EXPECT_EQ(e.find('\n'), std::string::npos);
    EXPECT_EQ(e.find("secret"), std::string::npos) << "a URL's password leaked: " << e;
  }
}

TEST(LoadConfig, PortsMustDiffer) {
  ConfigResult r = LoadConfig({{"API_PORT", "8081"}});
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].find("must differ"), std::string::npos);
}

TEST(LoadConfig, SqliteUrlGivesThePath) {
  ConfigResult r = LoadConfig({{"DATABASE_URL", "sqlite:///var/lib/notaria/n.db"}});
  ASSERT_TRUE(r.errors.empty());
  EXPECT_EQ(r.config.SqlitePath(), "/var/lib/notaria/n.db");
  EXPECT_TRUE(UnsupportedEngines(r.config).empty());
}

TEST(UnsupportedEngines, NamesEachConfiguredEngineWithoutAdapter) {
  ConfigResult r = LoadConfig(
      {{"DATABASE_URL", "postgresql://n@db/notaria"}, {"REDIS_URL", "redis://redis:6379/0"}});
  ASSERT_TRUE(r.errors.empty());
  // PostgreSQL, Redis and OpenSearch have their adapters.
  EXPECT_TRUE(UnsupportedEngines(r.config).empty());
  r = LoadConfig({{"OPENSEARCH_URL", "http://search:9200"},
                  {"OPENSEARCH_INDEX", "office-a"},
                  {"NEO4J_URL", "bolt://graph:7687"},
                  {"WEB_ROOT", "/srv/notaria/web"}});
  ASSERT_TRUE(r.errors.empty());
  EXPECT_EQ(r.config.opensearch_index, "office-a");
  EXPECT_EQ(r.config.web_root, "/srv/notaria/web");
  auto lines = UnsupportedEngines(r.config);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].rfind("NEO4J_URL", 0), 0u);
}

}  // namespace
}  // namespace notaria::app

namespace notaria::app {
namespace {

TEST(LoadConfig, RegisterSettings) {
  auto r = LoadConfig({{"REGISTER_TIMEOUT_SECONDS", "5"},
                       {"REGISTER_DOCUMENT_TIMEOUT_SECONDS", "45"},
                       {"REGISTER_URL_CADASTRE", "http://127.0.0.1:9999/api/cadastre/"},
                       {"REGISTER_URL_GEL_AVOIRS", "https://mirror.example/gel"},
                       {"RBE_API_TOKEN", "t"},
                       {"OLLAMA_BASE_URL", "http://127.0.0.1:11434"}});
  ASSERT_TRUE(r.errors.empty()) << r.errors[0];
  EXPECT_EQ(r.config.register_timeout_seconds, 5);
  EXPECT_EQ(r.config.register_document_timeout_seconds, 45);
  EXPECT_EQ(LoadConfig({}).config.register_document_timeout_seconds, 120);
  EXPECT_EQ(r.config.register_urls.at("cadastre"), "http://127.0.0.1:9999/api/cadastre");
  EXPECT_EQ(r.config.register_urls.at("gel_avoirs"), "https://mirror.example/gel");
  EXPECT_EQ(r.config.register_urls.count("ban"), 0u);
  EXPECT_EQ(r.config.rbe_api_token, "t");
  EXPECT_TRUE(UnsupportedEngines(r.config).empty());  // Ollama has its adapter

  auto bad = LoadConfig({{"REGISTER_URL_BAN", "ftp://x"},
                         {"REGISTER_TIMEOUT_SECONDS", "0"},
                         {"REGISTER_DOCUMENT_TIMEOUT_SECONDS", "-3"}});
  ASSERT_EQ(bad.errors.size(), 3u);
}

}  // namespace
}  // namespace notaria::app
