// notaria: one binary for the API server, the workers and the one-shot analysis.
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>

#include "app/commands.h"
#include "app/config.h"
#include "ingest/reader.h"

namespace {

void SetUpLogging(const std::string& level) {
  auto logger = spdlog::stderr_logger_mt("notaria");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(level));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"Notaria: reads, classifies and checks the documents of a French notarial file."};
  cli.require_subcommand(1);
  cli.set_version_flag("--version", NOTARIA_VERSION);

  int workers = -1;
  auto* serve = cli.add_subcommand(
      "serve",
      "Run the REST API (API_PORT, default 8000) with in-process workers (WORKERS) on the "
      "engines the environment selects (embedded SQLite and files by default).");
  serve
      ->add_option("--workers", workers,
                   "Worker threads in this process (0 = API only); overrides WORKERS")
      ->check(CLI::Range(0, 64));

  int worker_threads = -1;
  auto* worker = cli.add_subcommand(
      "worker",
      "Run workers only, no API: they take documents from the queue the environment selects "
      "(REDIS_URL to share it between machines) until SIGINT/SIGTERM.");
  worker->add_option("--workers", worker_threads, "Worker threads; overrides WORKERS")
      ->check(CLI::Range(1, 64));

  notaria::app::AnalyzeOptions analyze_options;
  auto* analyze = cli.add_subcommand(
      "analyze",
      "Analyse files without a server and print one JSON line per file on stdout, then one "
      "per directory (a directory is a dossier). Progress goes to stderr.");
  analyze->add_option("paths", analyze_options.paths, "Files or dossier directories")->required();
  analyze->add_flag("--offline", analyze_options.offline, "Never contact the official registers");

  auto* reindex = cli.add_subcommand(
      "reindex",
      "Rebuild the search index (Xapian in NOTARIA_DATA_DIR, or OPENSEARCH_URL) from every "
      "analysed document; entries of deleted documents are removed. Safe while serve runs.");

  cli.add_subcommand("version", "Print the version.");

  // Hidden: the sandboxed reader child started by the pipeline for each document.
  std::vector<std::string> reader_args;
  auto* read_pages = cli.add_subcommand("read-pages", "");
  read_pages->group("");
  read_pages->add_option("args", reader_args)->allow_extra_args();
  read_pages->prefix_command();

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e);
  }

  if (read_pages->parsed()) {
    std::vector<std::string> args = read_pages->remaining();
    args.insert(args.begin(), reader_args.begin(), reader_args.end());
    return notaria::ingest::RunReaderChild(args);
  }
  if (cli.got_subcommand("version")) {
    std::cout << "notaria " << NOTARIA_VERSION << "\n";
    return 0;
  }

  notaria::app::ConfigResult config = notaria::app::LoadConfig(notaria::app::ProcessEnvironment());
  if (!config.errors.empty()) {
    for (const auto& e : config.errors) std::cerr << "notaria: " << e << "\n";
    return 2;
  }
  auto unsupported = notaria::app::UnsupportedEngines(config.config);
  if (!unsupported.empty()) {
    for (const auto& e : unsupported) std::cerr << "notaria: " << e << "\n";
    return 2;
  }
  // analyze prints results on stdout and progress on stderr: routine logs would drown the
  // progress, so it logs warnings only unless LOG_LEVEL asks for more.
  bool quiet = analyze->parsed() && std::getenv("LOG_LEVEL") == nullptr;
  SetUpLogging(quiet ? "warn" : config.config.log_level);
  try {
    if (serve->parsed()) return notaria::app::RunServe(config.config, workers);
    if (worker->parsed()) return notaria::app::RunWorker(config.config, worker_threads);
    if (reindex->parsed()) return notaria::app::RunReindex(config.config);
    if (analyze->parsed()) {
      if (analyze_options.offline) config.config.external_apis_mode = "offline";
      return notaria::app::RunAnalyze(config.config, analyze_options);
    }
  } catch (const std::exception& e) {
    std::cerr << "notaria: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
