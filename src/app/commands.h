// The `notaria` subcommands. Each returns the process exit status and prints one readable
// line on stderr for any error that stops it.
#pragma once

#include <signal.h>

#include <string>
#include <vector>

#include "app/config.h"

namespace notaria::app {

// REST API on API_PORT and the web UI (with the same API) on WEB_PORT, with in-process workers
// (WORKERS, or `workers_override` >= 0), until SIGINT/SIGTERM.
int RunServe(const Config& config, int workers_override);

// SIGINT and SIGTERM, blocked in every thread from construction on, and waited for by the
// main thread in Wait(); SIGPIPE ignored. Construct it before starting any thread.
class StopSignals {
 public:
  StopSignals();
  void Wait();

 private:
  sigset_t set_;
};

// Workers only (no API), until SIGINT/SIGTERM: `workers_override` threads, or WORKERS. Meant
// for the shared engines (DATABASE_URL, REDIS_URL, MINIO_*), where any number of worker and
// API processes on any machines share one queue. Serves GET /api/health and GET /metrics on
// API_PORT.
int RunWorker(const Config& config, int workers_override);

// Indexes every done document again for search, then removes the entries of documents that
// no longer exist; progress on stderr, a summary line at the end. Non-zero when the search
// engine or the database cannot be reached.
int RunReindex(const Config& config);

struct AnalyzeOptions {
  std::vector<std::string> paths;
  bool offline = false;
};
// One-shot analysis without a server: JSON Lines on stdout (spec/result.md), progress on
// stderr.
int RunAnalyze(const Config& config, const AnalyzeOptions& options);

}  // namespace notaria::app
