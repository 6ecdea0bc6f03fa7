// Page images for the web UI: rendered from the original in the reader sandbox, then kept in
// a local cache (data_dir/previews), since an original never changes.
//
// Widths are rounded up to a few sizes so that the cache stays small whatever clients ask.
// Thread-safe; two requests for one missing image may both render it (the second rename
// wins, with the same bytes).
#pragma once

#include <optional>
#include <string>

#include "ingest/reader.h"
#include "store/blob_store.h"
#include "store/repository.h"

namespace notaria::app {

class PageImages {
 public:
  PageImages(store::Repository& repository, store::BlobStore& blobs, std::string cache_dir,
             ingest::ReadLimits limits);

  // The PNG, or nullopt with an API error code ("PAGE_NOT_FOUND", the document error code of
  // a failed rendering, "SERVICE_UNAVAILABLE") and a French message.
  std::optional<std::string> Png(const store::DocumentRecord& doc, int page, int width,
                                 std::string* code, std::string* message);

 private:
  store::Repository& repository_;
  store::BlobStore& blobs_;
  std::string cache_dir_;
  ingest::ReadLimits limits_;
};

}  // namespace notaria::app
