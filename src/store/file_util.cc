#include "store/file_util.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "store/blob_store.h"
#include "store/sha256.h"

namespace notaria::store {
namespace {

[[noreturn]] void Fail(const char* what, int err) {
  throw BlobUnavailable(std::string(what) + ": " + strerror(err));
}

}  // namespace

UniqueFd::~UniqueFd() {
  if (fd_ >= 0) ::close(fd_);
}

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.release();
  }
  return *this;
}

void CopyFd(int in, int out, Sha256* hash) {
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(in, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) Fail("read", errno);
    if (n == 0) return;
    if (hash != nullptr) hash->Update(buf, static_cast<size_t>(n));
    for (ssize_t off = 0; off < n;) {
      ssize_t w = ::write(out, buf + off, static_cast<size_t>(n - off));
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) Fail("write", errno);
      off += w;
    }
  }
}

void SyncFd(int fd, const char* what) {
  if (::fsync(fd) != 0) Fail(what, errno);
}

void SyncDirectory(const std::string& dir) {
  UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) Fail("open directory", errno);
  SyncFd(fd.get(), "fsync directory");
}

void MakeDirectory(const std::string& dir, const std::string& parent) {
  if (::mkdir(dir.c_str(), 0755) == 0) {
    SyncDirectory(parent);
    return;
  }
  if (errno != EEXIST) Fail("mkdir", errno);
}

std::string DirName(const std::string& path) {
  auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

}  // namespace notaria::store
