#include "store/file_blob_store.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <stdexcept>

#include "store/file_util.h"
#include "store/random_id.h"
#include "store/sha256.h"

namespace notaria::store {
namespace {

// A temp file older than this is abandoned even if its pid is alive (pids are reused, and
// another host sharing the directory has its own pid space).
constexpr time_t kTempMaxAgeSeconds = 3600;

void CheckKey(std::string_view key) {
  if (!IsSha256Hex(key)) throw std::invalid_argument("blob key is not a lowercase SHA-256 hex");
}

// Removes a temporary file on scope exit unless it was renamed into place.
class TempFileGuard {
 public:
  explicit TempFileGuard(std::string path) : path_(std::move(path)) {}
  ~TempFileGuard() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  TempFileGuard(const TempFileGuard&) = delete;
  TempFileGuard& operator=(const TempFileGuard&) = delete;
  void Release() { path_.clear(); }

 private:
  std::string path_;
};

// Temp names start with the writer's pid so a later process can tell abandoned files from
// files another live process is still writing.
std::string TempName() { return std::to_string(::getpid()) + "-" + RandomHex(8) + ".tmp"; }

bool IsAbandoned(const std::string& dir, const char* name) {
  std::string_view n(name);
  long pid = 0;
  auto [end, ec] = std::from_chars(n.data(), n.data() + n.size(), pid);
  if (ec != std::errc() || end == n.data() || *end != '-' || pid <= 0) return true;
  if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) return true;
  struct stat st {};
  if (::stat((dir + "/" + name).c_str(), &st) != 0) return false;  // already gone
  return std::time(nullptr) - st.st_mtime > kTempMaxAgeSeconds;
}

void CloseChecked(UniqueFd& fd) {
  if (::close(fd.release()) != 0) {
    throw BlobUnavailable(std::string("close: ") + strerror(errno));
  }
}

}  // namespace

FileBlobStore::FileBlobStore(std::string root) : root_(std::move(root)) {
  std::error_code ec;
  std::filesystem::create_directories(TempDir(), ec);
  if (ec) throw BlobUnavailable("cannot create blob store directory: " + ec.message());
  RemoveAbandonedTempFiles();
}

std::string FileBlobStore::PathFor(std::string_view key) const {
  CheckKey(key);
  std::string path = root_;
  path += '/';
  path += key.substr(0, 2);
  path += '/';
  path += key.substr(2, 2);
  path += '/';
  path += key;
  return path;
}

void FileBlobStore::PutFile(std::string_view key, const std::string& path) {
  const std::string final_path = PathFor(key);
  if (Exists(key)) return;

  UniqueFd in(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (in.get() < 0) throw std::invalid_argument("cannot open the file to store");

  const std::string tmp = TempDir() + "/" + TempName();
  UniqueFd out(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  if (out.get() < 0) throw BlobUnavailable(std::string("create temp file: ") + strerror(errno));
  TempFileGuard guard(tmp);

  // Hashing during the copy costs nothing extra and guarantees that a key always names
  // exactly its content, whatever the caller computed.
  Sha256 hash;
  CopyFd(in.get(), out.get(), &hash);
  if (hash.FinishHex() != key) throw std::invalid_argument("file content does not match key");
  if (::fchmod(out.get(), 0444) != 0) {
    throw BlobUnavailable(std::string("chmod: ") + strerror(errno));
  }
  SyncFd(out.get(), "fsync blob");
  CloseChecked(out);

  const std::string dir1 = root_ + "/" + std::string(key.substr(0, 2));
  const std::string dir2 = dir1 + "/" + std::string(key.substr(2, 2));
  MakeDirectory(dir1, root_);
  MakeDirectory(dir2, dir1);
  // A concurrent writer of the same key may rename first; replacing identical content with
  // identical content is harmless, and readers see one complete file or the other.
  if (::rename(tmp.c_str(), final_path.c_str()) != 0) {
    throw BlobUnavailable(std::string("rename blob: ") + strerror(errno));
  }
  guard.Release();
  SyncDirectory(dir2);
}

bool FileBlobStore::Exists(std::string_view key) {
  struct stat st {};
  if (::stat(PathFor(key).c_str(), &st) == 0) return S_ISREG(st.st_mode);
  if (errno == ENOENT || errno == ENOTDIR) return false;
  throw BlobUnavailable(std::string("stat blob: ") + strerror(errno));
}

void FileBlobStore::GetToFile(std::string_view key, const std::string& dest_path) {
  UniqueFd in(::open(PathFor(key).c_str(), O_RDONLY | O_CLOEXEC));
  if (in.get() < 0) {
    throw BlobUnavailable(errno == ENOENT ? std::string("blob not found")
                                          : std::string("open blob: ") + strerror(errno));
  }
  // The temp file sits beside the destination: rename is only atomic within a file system.
  const std::string tmp = dest_path + "." + TempName();
  UniqueFd out(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
  if (out.get() < 0) throw BlobUnavailable(std::string("create temp file: ") + strerror(errno));
  TempFileGuard guard(tmp);
  CopyFd(in.get(), out.get(), nullptr);
  SyncFd(out.get(), "fsync copy");
  CloseChecked(out);
  if (::rename(tmp.c_str(), dest_path.c_str()) != 0) {
    throw BlobUnavailable(std::string("rename copy: ") + strerror(errno));
  }
  guard.Release();
  SyncDirectory(DirName(dest_path));
}

std::optional<std::string> FileBlobStore::LocalPath(std::string_view key) {
  if (!Exists(key)) return std::nullopt;
  return PathFor(key);
}

bool FileBlobStore::Ping() { return ::access(TempDir().c_str(), W_OK | X_OK) == 0; }

void FileBlobStore::RemoveAbandonedTempFiles() {
  const std::string dir = TempDir();
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec);
  if (ec) throw BlobUnavailable("open temp dir: " + ec.message());
  for (; it != std::filesystem::directory_iterator(); it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (IsAbandoned(dir, name.c_str())) ::unlink(it->path().c_str());
  }
  if (ec) throw BlobUnavailable("read temp dir: " + ec.message());
}

}  // namespace notaria::store
