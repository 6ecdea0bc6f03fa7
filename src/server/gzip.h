// gzip (RFC 1952) compression of response bodies, and the rule for when to apply it.
#pragma once

#include <string>
#include <string_view>

namespace notaria::server {

// Compresses `data` into a gzip member.
std::string GzipCompress(std::string_view data);
// Decompresses one gzip member (for tests and clients); throws std::runtime_error on bad input.
std::string GzipDecompress(std::string_view data);

// True when a response of this type and size should be compressed for a client that sent
// this Accept-Encoding: 1000 bytes or more, a text-like type, and gzip accepted (q > 0).
bool ShouldGzip(std::string_view accept_encoding, std::string_view content_type, size_t size);

}  // namespace notaria::server
