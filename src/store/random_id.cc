#include "store/random_id.h"

#include <openssl/rand.h>

#include <stdexcept>
#include <vector>

namespace notaria::store {

std::string RandomHex(int bytes) {
  std::vector<unsigned char> buf(static_cast<size_t>(bytes));
  if (RAND_bytes(buf.data(), bytes) != 1) throw std::runtime_error("RAND_bytes failed");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(buf.size() * 2);
  for (unsigned char b : buf) {
    hex.push_back(kHex[b >> 4]);
    hex.push_back(kHex[b & 0xf]);
  }
  return hex;
}

std::string NewDocumentId() { return "doc_" + RandomHex(16); }
std::string NewDossierId() { return "dos_" + RandomHex(16); }

}  // namespace notaria::store
