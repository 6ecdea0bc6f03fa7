// Content sniffing: a file's format from its first bytes, never from its name.
#pragma once

#include <string_view>

namespace notaria::ingest {

enum class FileFormat { kUnknown, kPdf, kJpeg, kPng, kTiff, kHeic, kWebp };

// Reads the magic bytes at the start of a file (pass at least the first 64 bytes when the
// file has them). A PDF may have up to 1024 bytes of junk before "%PDF-", as readers accept.
FileFormat SniffFormat(std::string_view head);

std::string_view FormatName(FileFormat format);      // "pdf", "jpeg", ..., "unknown"
std::string_view FormatMimeType(FileFormat format);  // "application/pdf", ...

}  // namespace notaria::ingest
