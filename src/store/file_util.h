// Small POSIX file helpers for the file-backed stores: durable copies and directory syncs.
//
// Every function throws BlobUnavailable with the failing step and errno text (never file
// content). Thread-safe (they share no state).
#pragma once

#include <string>

namespace notaria::store {

class Sha256;

// An open file descriptor, closed on destruction.
class UniqueFd {
 public:
  explicit UniqueFd(int fd = -1) : fd_(fd) {}
  ~UniqueFd();
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept;
  int get() const { return fd_; }
  int release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_;
};

// Copies everything readable from `in` to `out`, feeding `hash` when not null.
void CopyFd(int in, int out, Sha256* hash);
// fsync of a file or, opened O_DIRECTORY, of a directory (makes a rename durable).
void SyncFd(int fd, const char* what);
void SyncDirectory(const std::string& dir);
// mkdir -p for one level; an existing directory is fine. Syncs `parent` when it created one.
void MakeDirectory(const std::string& dir, const std::string& parent);
// Parent directory of `path` ("." when there is none).
std::string DirName(const std::string& path);

}  // namespace notaria::store
