#include <signal.h>
#include <spdlog/spdlog.h>

#include <filesystem>

#include "app/commands.h"
#include "app/platform.h"
#include "search/search_index.h"
#include "search/search_service.h"
#include "server/api.h"
#include "server/http_server.h"
#include "server/web_files.h"

namespace notaria::app {

StopSignals::StopSignals() {
  // Blocked before any thread starts, so that every thread inherits the mask and only the
  // main thread, in Wait(), receives them.
  sigemptyset(&set_);
  sigaddset(&set_, SIGINT);
  sigaddset(&set_, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set_, nullptr);
  signal(SIGPIPE, SIG_IGN);
}

void StopSignals::Wait() {
  int sig = 0;
  sigwait(&set_, &sig);
  spdlog::info("signal {} received: stopping", sig);
}

int RunServe(const Config& config, int workers_override) {
  StopSignals stop;

  Platform platform(config);
  int workers = workers_override >= 0 ? workers_override : config.workers;

  server::Router router;
  server::ApiDeps deps =
      platform.ApiDeps(workers, static_cast<uint64_t>(config.max_upload_mb) << 20);
  server::RegisterApiRoutes(router, deps);
  server::HttpServer::DescribeMetrics(platform.metrics());
  server::HttpServerOptions options;
  options.bind_address = config.bind_address;
  options.port = config.api_port;
  // The multipart envelope adds a few hundred bytes around the file itself.
  options.max_body_bytes = (static_cast<uint64_t>(config.max_upload_mb) << 20) + (64 << 10);
  options.spool_dir = config.data_dir + "/spool";
  server::HttpServer api(options, router, platform.metrics());
  // The web port serves the UI and the same API, so that its pages call their own origin.
  server::Router web_router;
  server::RegisterApiRoutes(web_router, deps);
  server::RegisterWebRoutes(web_router, config.web_root);
  server::HttpServerOptions web_options = options;
  web_options.port = config.web_port;
  web_options.name = "web";
  server::HttpServer web(web_options, web_router, platform.metrics());
  api.Start();
  web.Start();
  platform.StartWorkers(workers);
  spdlog::info(
      "notaria {} serving the API on {}:{} and the web UI on {}:{} with {} worker(s), "
      "data in {}",
      NOTARIA_VERSION, config.bind_address, api.BoundPort(), config.bind_address, web.BoundPort(),
      workers, config.data_dir);
  if (!std::filesystem::exists(config.web_root + "/index.html")) {
    spdlog::warn("the web UI is not built ({} has no index.html): run scripts/build-web.sh",
                 config.web_root);
  }

  stop.Wait();
  web.Stop();
  api.Stop();
  platform.Stop();
  return 0;
}

int RunReindex(const Config& config) {
  Platform platform(config);
  int last_percent = -1;
  search::ReindexReport report = platform.search().Reindex([&](int done, int total) {
    int percent = total > 0 ? 100 * done / total : 100;
    if (percent != last_percent) {
      fprintf(stderr, "\rreindex: %d/%d documents", done, total);
      last_percent = percent;
    }
  });
  fprintf(stderr, "\n");
  fprintf(stderr, "reindex: %d document(s) indexed, %d stale entr%s removed, %d not read (%s)\n",
          report.indexed, report.removed, report.removed == 1 ? "y" : "ies", report.failed,
          platform.search().index().Engine().c_str());
  return report.failed > 0 ? 1 : 0;
}

}  // namespace notaria::app
