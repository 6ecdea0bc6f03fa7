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
  auto wait = [&](const Input& in) {
    while (!in.rejected) {
      auto doc = platform.repository().GetDocument(in.document_id);
      if (doc && Finished(doc->status)) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  };
  auto print = [&](const Input& in) {
    json line = {{"file", in.path}};
    if (in.rejected) {
      line["document_id"] = nullptr;
      line["status"] = "failed";
      line["error"] = {{"code", ErrorCodeName(in.rejected->code)},
                       {"message", in.rejected->message}};
      line["result"] = nullptr;
    } else {
      auto doc = platform.repository().GetDocument(in.document_id);
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
  };
  for (auto& in : inputs) {
    if (!in.dossier.empty()) continue;
    wait(in);
    print(in);
  }
  for (const auto& [dir, members] : dossiers) {
    for (size_t i : members) wait(inputs[i]);
    // The dossier is made once its documents are read, so the refresh below is the only one
    // and judges every document at the deed's date before it is printed.
    store::DossierRecord record;
    record.name = fs::path(dir).filename().string();
    store::DossierRecord dossier = platform.repository().CreateDossier(record);
    json ids = json::array();
    for (size_t i : members) {
      if (inputs[i].rejected) continue;
      platform.repository().SetDocumentDossier(inputs[i].document_id, dossier.id);
      ids.push_back(inputs[i].document_id);
    }
    json analysis = platform.dossiers().Refresh(dossier.id).value_or(json::object());
    for (size_t i : members) print(inputs[i]);
    json line = {{"dossier", dir},
                 {"dossier_id", dossier.id},
                 {"documents", ids},
                 {"dossier_type", analysis.value("dossier_type", "autre")}};
    for (const char* key :
         {"reference_date", "findings", "checklist", "parties", "verifications", "synthesis"}) {
      line[key] = analysis.value(key, json());
    }
    std::cout << line.dump() << "\n" << std::flush;
  }
  if (tty) std::cerr << "\n";
  platform.Stop();
  return 0;
}

}  // namespace notaria::app
