// BlobStore: originals and derived files, content-addressed by SHA-256.
//
// A blob, once written, never changes (originals are kept byte for byte, signed PDFs
// included). Writes are atomic: a reader sees the whole blob or nothing, even if the process
// dies mid-write. Identical content is stored once. Thread-safe.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace notaria::store {

class BlobUnavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class BlobStore {
 public:
  virtual ~BlobStore() = default;

  // Stores the file at `path` under `key` (its SHA-256 hex, computed by the caller while
  // receiving it). Idempotent: storing an existing key is a no-op.
  virtual void PutFile(std::string_view key, const std::string& path) = 0;
  virtual bool Exists(std::string_view key) = 0;
  // Copies the blob to `dest_path` (atomically: a temporary file, then rename). Throws
  // BlobUnavailable when missing or unreachable.
  virtual void GetToFile(std::string_view key, const std::string& dest_path) = 0;
  // A path readable in place when the backend is local; nullopt otherwise.
  virtual std::optional<std::string> LocalPath(std::string_view key) = 0;
  virtual bool Ping() = 0;
};

}  // namespace notaria::store
