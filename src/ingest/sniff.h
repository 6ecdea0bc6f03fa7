// Content sniffing: a file's format from its first bytes, never from its name.
#pragma once

#include <string>
#include <string_view>

namespace notaria::ingest {

enum class FileFormat { kUnknown, kPdf, kJpeg, kPng, kTiff, kHeic, kWebp };

// Reads the magic bytes at the start of a file (pass at least the first 64 bytes when the
// file has them). A PDF may have up to 1024 bytes of junk before "%PDF-", as readers accept.
FileFormat SniffFormat(std::string_view head);

// How many leading bytes SniffFormat needs to see everything it looks for.
inline constexpr size_t kSniffBytes = 1024 + 64;

// Reads the first kSniffBytes of the file at `path` and sniffs them; kUnknown when the file
// cannot be opened.
FileFormat SniffFile(const std::string& path);

std::string_view FormatName(FileFormat format);      // "pdf", "jpeg", ..., "unknown"
std::string_view FormatMimeType(FileFormat format);  // "application/pdf", ...

}  // namespace notaria::ingest
