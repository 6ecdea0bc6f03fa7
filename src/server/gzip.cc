#include "server/gzip.h"

#include <zlib.h>

#include <stdexcept>

namespace notaria::server {

std::string GzipCompress(std::string_view data) {
  z_stream z{};
  // 15 window bits + 16 selects the gzip wrapper.
  if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("deflateInit2 failed");
  }
  std::string out(deflateBound(&z, data.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&z, Z_FINISH);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) throw std::runtime_error("deflate failed");
  out.resize(z.total_out);
  return out;
}

std::string GzipDecompress(std::string_view data) {
  z_stream z{};
  if (inflateInit2(&z, 15 + 16) != Z_OK) throw std::runtime_error("inflateInit2 failed");
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char buf[16384];
  int rc;
  do {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&z);
      throw std::runtime_error("not a valid gzip stream");
    }
    out.append(buf, sizeof buf - z.avail_out);
  } while (rc != Z_STREAM_END);
  inflateEnd(&z);
  return out;
}

bool ShouldGzip(std::string_view accept_encoding, std::string_view content_type, size_t size) {
  if (size < 1000) return false;
  bool textual = content_type.rfind("application/json", 0) == 0 ||
                 content_type.rfind("text/", 0) == 0 ||
                 content_type.rfind("application/javascript", 0) == 0;
  if (!textual) return false;
  // Accept-Encoding: gzip, deflate;q=0.5 / gzip;q=0 refuses it.
  size_t pos = 0;
  while (pos < accept_encoding.size()) {
    size_t end = accept_encoding.find(',', pos);
    if (end == std::string_view::npos) end = accept_encoding.size();
    std::string_view item = accept_encoding.substr(pos, end - pos);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    if (item.rfind("gzip", 0) == 0 || item.rfind("*", 0) == 0) {
      size_t q = item.find("q=");
      if (q == std::string_view::npos) return true;
      std::string_view qv = item.substr(q + 2);
      return !(qv.rfind("0", 0) == 0 && qv.find_first_of("123456789") == std::string_view::npos);
    }
    pos = end + 1;
  }
  return false;
}

}  // namespace notaria::server
