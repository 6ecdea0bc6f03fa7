#include <signal.h>

#include <algorithm>
#include <spdlog/spdlog.h>

#include "app/commands.h"
#include "app/platform.h"

namespace notaria::app {

int RunWorker(const Config& config, int workers_override) {
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  Platform platform(config);
  int workers = workers_override > 0 ? workers_override : std::max(1, config.workers);
  platform.StartWorkers(workers);
  spdlog::info("notaria {} worker: {} thread(s) on the shared queue", NOTARIA_VERSION, workers);
  int sig = 0;
  sigwait(&stop_signals, &sig);
  spdlog::info("signal {} received: stopping", sig);
  platform.Stop();
  return 0;
}

}  // namespace notaria::app
