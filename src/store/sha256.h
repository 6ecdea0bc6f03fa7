// SHA-256 of bytes and files, as lowercase hex (the blob keys and documents.sha256).
//
// Sha256 hashes incrementally, so an upload can be hashed while it is received without
// holding it in memory. An object is used by one thread at a time; distinct objects are
// independent. Built on OpenSSL EVP.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace notaria::store {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void Update(const void* data, size_t size);
  void Update(std::string_view data) { Update(data.data(), data.size()); }
  // 64 lowercase hex characters. The object must not be used afterwards.
  std::string FinishHex();

 private:
  struct Ctx;
  std::unique_ptr<Ctx> ctx_;
};

std::string Sha256Hex(std::string_view data);
// Throws std::runtime_error when the file cannot be read.
std::string Sha256OfFile(const std::string& path);

// True for exactly 64 lowercase hex characters: the only accepted form of a blob key, which
// also guarantees a key can never name a path outside the store.
bool IsSha256Hex(std::string_view s);

}  // namespace notaria::store
