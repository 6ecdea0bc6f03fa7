#include <spdlog/spdlog.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <thread>

#include "app/commands.h"
#include "app/platform.h"
#include "ingest/sniff.h"
#include "server/api.h"
#include "server/filename.h"
#include "store/sha256.h"

namespace notaria::app {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct Input {
  std::string path;  // as given (or dir/name for a dossier's files)
  std::string dossier;
  std::string document_id;
  std::optional<DocumentError> rejected;  // refused before the pipeline (empty, unknown)
};

// Same admission rules as the upload endpoint: empty and unknown formats are refused at
// once, everything else goes through the pipeline.
void Admit(Platform& platform, Input& in) {
  std::error_code ec;
  auto size = fs::file_size(in.path, ec);
  if (ec) {
    in.rejected = DocumentError{ErrorCode::kCorruptFile, "Fichier illisible : " + ec.message()};
    return;
  }
  if (size == 0) {
    in.rejected = DocumentError::Of(ErrorCode::kEmptyFile);
    return;
  }
  if (size > static_cast<uintmax_t>(platform.config().max_upload_mb) << 20) {
    in.rejected = DocumentError::Of(ErrorCode::kFileTooLarge);
    return;
  }
  auto format = ingest::SniffFile(in.path);
  if (format == ingest::FileFormat::kUnknown) {
    in.rejected = DocumentError::Of(ErrorCode::kUnsupportedFormat);
    return;
  }
  store::DocumentRecord doc;
  doc.sha256 = store::Sha256OfFile(in.path);
  platform.blobs().PutFile(doc.sha256, in.path);
  doc.filename = server::SanitizeFilename(fs::path(in.path).filename().string());
  doc.mime_type = std::string(ingest::FormatMimeType(format));
  doc.format = std::string(ingest::FormatName(format));
  doc.size_bytes = static_cast<int64_t>(size);
  doc.stage = "queued";
  if (!in.dossier.empty()) doc.dossier_id = in.dossier;
  auto [stored, created] = platform.repository().InsertOrGetDocument(doc);
  in.document_id = stored.id;
  if (created) platform.queue().Enqueue(stored.id);
}

bool Finished(const std::string& status) {
  return status == store::kStatusDone || status == store::kStatusFailed;
}

}  // namespace

int RunAnalyze(const Config& base_config, const AnalyzeOptions& options) {
  std::vector<Input> inputs;
  std::vector<std::pair<std::string, std::vector<size_t>>> dossiers;
  for (const auto& p : options.paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<std::string> files;
      for (const auto& e : fs::recursive_directory_iterator(p, ec)) {
        if (e.is_regular_file()) files.push_back(e.path().string());
      }
      std::sort(files.begin(), files.end());
      std::vector<size_t> members;
      for (auto& f : files) {
        members.push_back(inputs.size());
        inputs.push_back({f, p, "", std::nullopt});
      }
      dossiers.push_back({p, members});
    } else if (fs::exists(p, ec)) {
      inputs.push_back({p, "", "", std::nullopt});
    } else {
      std::cerr << "notaria analyze: " << p << ": no such file or directory\n";
      return 2;
    }
  }

  // A private, throw-away data directory: analyze leaves nothing behind.
  Config config = base_config;
  char tmpl[] = "/tmp/notaria-analyze-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) {
    std::cerr << "notaria analyze: cannot create a temporary directory\n";
    return 2;
  }
  config.data_dir = tmpl;
  config.database_url.clear();
  struct RemoveDir {
    std::string dir;
    ~RemoveDir() {
      std::error_code ec;
      fs::remove_all(dir, ec);
    }
  } remove_dir{tmpl};

  Platform platform(config);
  for (auto& in : inputs) Admit(platform, in);
  platform.StartWorkers(std::max(1, config.workers));

  bool tty = isatty(STDERR_FILENO);
  size_t finished = 0;
  for (auto& in : inputs) {
    json line = {{"file", in.path}};
    if (in.rejected) {
      line["document_id"] = nullptr;
      line["status"] = "failed";
      line["error"] = {{"code", ErrorCodeName(in.rejected->code)},
                       {"message", in.rejected->message}};
      line["result"] = nullptr;
    } else {
      std::optional<store::DocumentRecord> doc;
      while (true) {
        doc = platform.repository().GetDocument(in.document_id);
        if (doc && Finished(doc->status)) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
      json full = server::DocumentJson(*doc, platform.repository(), true);
      line["document_id"] = doc->id;
      line["status"] = doc->status;
      line["error"] = full["error"];
      line["result"] = full["result"];
    }
    ++finished;
    std::cout << line.dump() << "\n" << std::flush;
    std::string outcome = line["status"].get<std::string>();
    if (line["error"].is_object()) outcome += " " + line["error"]["code"].get<std::string>();
    if (tty) {
      std::cerr << "\r[" << finished << "/" << inputs.size() << "] " << outcome << "\x1b[K"
                << std::flush;
    } else {
      std::cerr << "[" << finished << "/" << inputs.size() << "] " << in.path << ": " << outcome
                << "\n";
    }
  }
  if (tty) std::cerr << "\n";
  for (const auto& [dir, members] : dossiers) {
    json ids = json::array();
    for (size_t i : members) {
      ids.push_back(inputs[i].document_id.empty() ? json(nullptr) : json(inputs[i].document_id));
    }
    // Dossier-level checks (type, findings, checklist) are not computed by this version:
    // their keys are left out rather than filled with empty answers.
    std::cout << json{{"dossier", dir}, {"documents", ids}}.dump() << "\n";
  }
  platform.Stop();
  return 0;
}

}  // namespace notaria::app
