// S3BlobStore: the BlobStore on an S3 bucket (MinIO in the reference deployment), selected by
// MINIO_ENDPOINT.
//
// Objects are addressed path-style (http[s]://endpoint/bucket/blobs/ab/<key>), which MinIO
// and every S3 implementation serve, and signed with AWS Signature V4 (libcurl's
// CURLOPT_AWS_SIGV4). A PUT carries the content's SHA-256, which is its key, so the server
// rejects a body damaged on the way; S3 stores an object whole or not at all, so readers never
// see part of a blob. The bucket is created when missing. GetToFile writes a temporary file
// beside the destination and renames it. Network failures and 5xx answers throw
// BlobUnavailable (the job is retried later); nothing is kept locally. Thread-safe.
#pragma once

#include <chrono>
#include <string>

#include "store/blob_store.h"

namespace notaria::store {

struct S3Options {
  std::string endpoint;  // "host:port", no scheme, as MINIO_ENDPOINT
  std::string access_key;
  std::string secret_key;
  std::string bucket = "notaria";
  bool secure = false;  // MINIO_SECURE: https
  std::string region = "us-east-1";
  std::chrono::seconds timeout{60};
  std::chrono::seconds connect_timeout{5};
};

class S3BlobStore : public BlobStore {
 public:
  // Checks the bucket, creating it when missing; throws BlobUnavailable when the server
  // cannot be reached or refuses the credentials.
  explicit S3BlobStore(S3Options options);

  void PutFile(std::string_view key, const std::string& path) override;
  bool Exists(std::string_view key) override;
  void GetToFile(std::string_view key, const std::string& dest_path) override;
  std::optional<std::string> LocalPath(std::string_view key) override;
  bool Ping() override;

 private:
  struct Answer {
    long status = 0;
    std::string body;  // error bodies only (object bodies go to files)
  };
  // One request; `upload` / `download` are the files of a PUT / GET body, or null.
  Answer Send(const std::string& method, const std::string& path, const std::string& payload_sha,
              std::FILE* upload, int64_t upload_size, std::FILE* download);
  std::string ObjectPath(std::string_view key) const;

  S3Options options_;
  std::string base_;  // http[s]://endpoint
};

}  // namespace notaria::store
