// multipart/form-data (RFC 7578) read from a spooled request body on disk.
//
// File parts are copied to their own files in `out_dir`, so that an upload of any size is
// handled with bounded memory; small non-file fields are kept as strings. Malformed input
// (no boundary, unterminated part) is reported, never guessed at.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace notaria::server {

struct MultipartPart {
  std::string name;          // form field name
  std::string filename;      // as sent by the client (untrusted, unsanitised); empty for fields
  std::string content_type;  // as sent
  std::string value;         // field value (non-file parts)
  std::string file_path;     // file parts: where the content was written
  size_t size = 0;           // bytes of content
};

// Boundary parameter of a Content-Type header; nullopt when not multipart/form-data.
std::optional<std::string> MultipartBoundary(const std::string& content_type);

// Parses the body stored at `body_path`. Returns false with `error` set on malformed input
// (in French: it reaches the client after « Requête multipart invalide : »).
bool ParseMultipartFile(const std::string& body_path, const std::string& boundary,
                        const std::string& out_dir, std::vector<MultipartPart>* parts,
                        std::string* error);

}  // namespace notaria::server
