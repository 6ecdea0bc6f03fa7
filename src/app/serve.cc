#include <signal.h>
#include <spdlog/spdlog.h>

#include <filesystem>

#include "app/commands.h"
#include "app/platform.h"
#include "server/api.h"
#include "server/http_server.h"

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
  api.Start();
  platform.StartWorkers(workers);
  spdlog::info("notaria {} serving the API on {}:{} with {} worker(s), data in {}", NOTARIA_VERSION,
               config.bind_address, api.BoundPort(), workers, config.data_dir);

  stop.Wait();
  api.Stop();
  platform.Stop();
  return 0;
}

}  // namespace notaria::app
