// Page images for the web UI: rendered from the original in the reader sandbox, then kept in
// a local cache (data_dir/previews), since an original never changes.
//
// Widths are rounded up to a few sizes (600, 1200, 1800, 2400 px; a PDF page is drawn at
// 150 dpi at most) so that the cache stays small whatever clients ask. Each rendering is a
// sandboxed reader that may take READER_MEMORY_MB: at most `max_renders` run at once, and
// requests for an image being rendered wait for that rendering instead of starting another.
// A request that cannot get a turn within `wait` is answered SERVER_BUSY. Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "ingest/reader.h"
#include "store/blob_store.h"
#include "store/repository.h"

namespace notaria::app {

class PageImages {
 public:
  PageImages(store::Repository& repository, store::BlobStore& blobs, std::string cache_dir,
             ingest::ReadLimits limits, int max_renders = 2,
             std::chrono::milliseconds wait = std::chrono::seconds(30));

  // The PNG, or nullopt with an API error code ("PAGE_NOT_FOUND", the document error code of
  // a failed rendering, "SERVER_BUSY") and a French message.
  std::optional<std::string> Png(const store::DocumentRecord& doc, int page, int width,
                                 std::string* code, std::string* message);

 private:
  struct Rendering {
    bool done = false;
    std::optional<std::string> png;
    std::string code, message;
  };
  Rendering Render(const store::DocumentRecord& doc, int page, int width, int rotation,
                   const std::string& cached);
  static Rendering Busy();
  static std::optional<std::string> Answer(const Rendering& r, std::string* code,
                                           std::string* message);
  // Stores the rendering's outcome for its waiters and wakes them; mu_ is held.
  void Finish(const std::string& key, Rendering& job, Rendering result,
              const std::unique_lock<std::mutex>& held);

  store::Repository& repository_;
  store::BlobStore& blobs_;
  std::string cache_dir_;
  ingest::ReadLimits limits_;
  const int max_renders_;
  const std::chrono::milliseconds wait_;

  std::mutex mu_;
  std::condition_variable changed_;
  int rendering_ = 0;                                            // guarded by mu_
  std::map<std::string, std::shared_ptr<Rendering>> in_flight_;  // by cache path; mu_
};

}  // namespace notaria::app
