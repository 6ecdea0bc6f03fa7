#include <spdlog/spdlog.h>

#include <algorithm>

#include "app/commands.h"
#include "app/platform.h"
#include "server/api.h"
#include "server/http_server.h"

namespace notaria::app {

int RunWorker(const Config& config, int workers_override) {
  StopSignals stop;

  Platform platform(config);
  int workers = workers_override > 0 ? workers_override : std::max(1, config.workers);

  // Health and metrics on API_PORT: the processing counters live in the workers.
  server::Router router;
  server::ApiDeps deps = platform.ApiDeps(workers, /*max_upload_bytes=*/0);
  server::RegisterOpsRoutes(router, deps);
  server::HttpServer::DescribeMetrics(platform.metrics());
  server::HttpServerOptions options;
  options.bind_address = config.bind_address;
  options.port = config.api_port;
  options.max_body_bytes = 64 << 10;
  options.spool_dir = config.data_dir + "/spool";
  server::HttpServer ops(options, router, platform.metrics());
  ops.Start();

  platform.StartWorkers(workers);
  spdlog::info("notaria {} worker: {} thread(s) on the shared queue; health and metrics on {}:{}",
               NOTARIA_VERSION, workers, config.bind_address, ops.BoundPort());
  stop.Wait();
  ops.Stop();
  platform.Stop();
  return 0;
}

}  // namespace notaria::app
