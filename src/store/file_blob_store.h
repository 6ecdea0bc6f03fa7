// FileBlobStore: the embedded BlobStore, one read-only file per blob under a root directory.
//
// Layout: root/ab/cd/<sha256> for key "abcd...". A write goes to root/tmp/ (same file
// system), is fsynced, checked against its key, made read-only (0444), renamed into place
// and its directory fsynced: a crash leaves at worst a temporary file, never a partial blob.
// Opening the store removes temporary files abandoned by dead processes (or older than an
// hour), so several processes may share one root. Keys must be 64 lowercase hex characters;
// anything else throws std::invalid_argument, which rules out path traversal. I/O failures
// throw BlobUnavailable. Thread-safe.
#pragma once

#include <string>

#include "store/blob_store.h"

namespace notaria::store {

class FileBlobStore : public BlobStore {
 public:
  // Creates `root` (and root/tmp) if needed; throws BlobUnavailable if it cannot.
  explicit FileBlobStore(std::string root);

  // Also throws std::invalid_argument when the file's content does not hash to `key`, and
  // when `path` cannot be opened.
  void PutFile(std::string_view key, const std::string& path) override;
  bool Exists(std::string_view key) override;
  void GetToFile(std::string_view key, const std::string& dest_path) override;
  // The stored file's path, or nullopt when the blob does not exist.
  std::optional<std::string> LocalPath(std::string_view key) override;
  bool Ping() override;

  // Where a blob lives (whether or not it exists); for tests and diagnostics.
  std::string PathFor(std::string_view key) const;
  std::string TempDir() const { return root_ + "/tmp"; }

 private:
  void RemoveAbandonedTempFiles();

  const std::string root_;
};

}  // namespace notaria::store
