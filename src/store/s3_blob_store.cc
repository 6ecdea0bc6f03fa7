#include "store/s3_blob_store.h"

#include <curl/curl.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <random>

#include "store/sha256.h"

namespace notaria::store {
namespace {

// SHA-256 of an empty body: what a GET, HEAD or empty PUT signs.
constexpr const char* kEmptySha =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

void CheckKey(std::string_view key) {
  if (!IsSha256Hex(key)) throw std::invalid_argument("blob key is not a lowercase SHA-256 hex");
}

size_t KeepBody(char* data, size_t size, size_t n, void* out) {
  auto* body = static_cast<std::string*>(out);
  if (body->size() < 4096) body->append(data, std::min(size * n, 4096 - body->size()));
  return size * n;
}

size_t WriteFile(char* data, size_t size, size_t n, void* out) {
  return std::fwrite(data, size, n, static_cast<std::FILE*>(out)) * size;
}

// The code of an S3 XML error body (<Code>NoSuchKey</Code>), for messages.
std::string ErrorCode(const std::string& body) {
  size_t a = body.find("<Code>");
  size_t b = body.find("</Code>");
  if (a == std::string::npos || b == std::string::npos || b < a) return "";
  return body.substr(a + 6, b - a - 6);
}

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

}  // namespace

S3BlobStore::S3BlobStore(S3Options options) : options_(std::move(options)) {
  base_ = std::string(options_.secure ? "https://" : "http://") + options_.endpoint;
  Answer head = Send("HEAD", "/" + options_.bucket, kEmptySha, nullptr, 0, nullptr);
  if (head.status == 404) {
    Answer made = Send("PUT", "/" + options_.bucket, kEmptySha, nullptr, 0, nullptr);
    // Another process may have created it in between: then it answers a HEAD now.
    if (made.status != 200 &&
        !(made.status == 409 &&
          Send("HEAD", "/" + options_.bucket, kEmptySha, nullptr, 0, nullptr).status == 200)) {
      throw BlobUnavailable("S3: cannot create bucket " + options_.bucket + " (HTTP " +
                            std::to_string(made.status) + " " + ErrorCode(made.body) + ")");
    }
  } else if (head.status != 200) {
    throw BlobUnavailable("S3: bucket " + options_.bucket + " answers HTTP " +
                          std::to_string(head.status) +
                          (head.status == 403 ? " (credentials refused)" : ""));
  }
}

std::string S3BlobStore::ObjectPath(std::string_view key) const {
  return "/" + options_.bucket + "/blobs/" + std::string(key.substr(0, 2)) + "/" + std::string(key);
}

S3BlobStore::Answer S3BlobStore::Send(const std::string& method, const std::string& path,
                                      const std::string& payload_sha, std::FILE* upload,
                                      int64_t upload_size, std::FILE* download) {
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) throw BlobUnavailable("S3: cannot initialise libcurl");
  CURL* c = curl.get();
  Answer answer;
  std::string url = base_ + path;
  std::string sigv4 = "aws:amz:" + options_.region + ":s3";
  std::string userpwd = options_.access_key + ":" + options_.secret_key;
  std::unique_ptr<curl_slist, SlistDeleter> headers(
      curl_slist_append(nullptr, ("x-amz-content-sha256: " + payload_sha).c_str()));
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_AWS_SIGV4, sigv4.c_str());
  curl_easy_setopt(c, CURLOPT_USERPWD, userpwd.c_str());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(options_.timeout.count()));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, static_cast<long>(options_.connect_timeout.count()));
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  if (method == "HEAD") {
    curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
  } else if (method == "PUT") {
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    if (upload != nullptr) {
      curl_easy_setopt(c, CURLOPT_READDATA, upload);
      curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(upload_size));
    } else {
      curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(0));
    }
  } else if (method != "GET") {
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method.c_str());
  }
  // The body goes to the destination file only when the answer is the object itself.
  struct Sink {
    std::FILE* file;
    std::string* error;
    CURL* curl;
  } sink{download, &answer.body, c};
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(
      c, CURLOPT_WRITEFUNCTION, +[](char* data, size_t size, size_t n, void* out) -> size_t {
        auto* s = static_cast<Sink*>(out);
        long status = 0;
        curl_easy_getinfo(s->curl, CURLINFO_RESPONSE_CODE, &status);
        if (status == 200 && s->file != nullptr) return WriteFile(data, size, n, s->file);
        return KeepBody(data, size, n, s->error);
      });
  CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) {
    throw BlobUnavailable("S3 " + method + " failed: " + curl_easy_strerror(rc));
  }
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &answer.status);
  if (answer.status >= 500) {
    throw BlobUnavailable("S3 " + method + ": HTTP " + std::to_string(answer.status) + " " +
                          ErrorCode(answer.body));
  }
  return answer;
}

void S3BlobStore::PutFile(std::string_view key, const std::string& path) {
  CheckKey(key);
  std::unique_ptr<std::FILE, FileCloser> in(std::fopen(path.c_str(), "rb"));
  if (!in) throw std::invalid_argument("cannot open the file to store");
  if (Sha256OfFile(path) != key) throw std::invalid_argument("file content does not match key");
  if (Exists(key)) return;  // content-addressed: the same key is the same bytes
  std::error_code ec;
  auto size = static_cast<int64_t>(std::filesystem::file_size(path, ec));
  if (ec) throw std::invalid_argument("cannot read the file to store");
  Answer a = Send("PUT", ObjectPath(key), std::string(key), in.get(), size, nullptr);
  if (a.status != 200) {
    throw BlobUnavailable("S3 PUT: HTTP " + std::to_string(a.status) + " " + ErrorCode(a.body));
  }
}

bool S3BlobStore::Exists(std::string_view key) {
  CheckKey(key);
  Answer a = Send("HEAD", ObjectPath(key), kEmptySha, nullptr, 0, nullptr);
  if (a.status == 200) return true;
  if (a.status == 404) return false;
  throw BlobUnavailable("S3 HEAD: HTTP " + std::to_string(a.status));
}

void S3BlobStore::GetToFile(std::string_view key, const std::string& dest_path) {
  CheckKey(key);
  std::random_device rd;
  std::string tmp = dest_path + ".tmp-" + std::to_string(rd()) + std::to_string(::getpid());
  struct Remove {
    const std::string& path;
    bool keep = false;
    ~Remove() {
      if (!keep) std::remove(path.c_str());
    }
  } cleanup{tmp};
  Answer a;
  {
    std::unique_ptr<std::FILE, FileCloser> out(std::fopen(tmp.c_str(), "wb"));
    if (!out) throw BlobUnavailable("cannot write " + tmp);
    a = Send("GET", ObjectPath(key), kEmptySha, nullptr, 0, out.get());
    if (a.status == 200 && (std::fflush(out.get()) != 0 || ::fsync(fileno(out.get())) != 0)) {
      throw BlobUnavailable("cannot write " + tmp);
    }
  }
  if (a.status == 404) throw BlobUnavailable("blob not found");
  if (a.status != 200) {
    throw BlobUnavailable("S3 GET: HTTP " + std::to_string(a.status) + " " + ErrorCode(a.body));
  }
  // A body cut short would not hash to its key: better no file than a wrong one.
  if (Sha256OfFile(tmp) != key) throw BlobUnavailable("S3 GET: the object does not match its key");
  std::error_code ec;
  std::filesystem::rename(tmp, dest_path, ec);
  if (ec) throw BlobUnavailable("cannot move the blob to " + dest_path);
  cleanup.keep = true;
}

std::optional<std::string> S3BlobStore::LocalPath(std::string_view key) {
  CheckKey(key);
  return std::nullopt;
}

bool S3BlobStore::Ping() {
  try {
    return Send("HEAD", "/" + options_.bucket, kEmptySha, nullptr, 0, nullptr).status == 200;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace notaria::store
