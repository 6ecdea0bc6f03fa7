#include "ingest/sniff.h"

#include <algorithm>
#include <cstdint>
#include <fstream>

namespace notaria::ingest {
namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

// ISO-BMFF: "....ftyp<brand>"; the major brand or one of the compatible brands names the
// HEIF flavour (iPhones write "heic", some Android phones "mif1" with "heic" compatible).
bool IsHeif(std::string_view head) {
  if (head.size() < 16 || head.compare(4, 4, "ftyp") != 0) return false;
  static constexpr std::string_view kBrands[] = {"heic", "heix", "mif1", "msf1",
                                                 "hevc", "heim", "heis", "hevx"};
  uint32_t box_size = (uint32_t(uint8_t(head[0])) << 24) | (uint32_t(uint8_t(head[1])) << 16) |
                      (uint32_t(uint8_t(head[2])) << 8) | uint32_t(uint8_t(head[3]));
  size_t end = std::min<size_t>(head.size(), box_size < 16 ? 16 : box_size);
  for (size_t off = 8; off + 4 <= end; off += 4) {
    if (off == 12) continue;  // minor_version, not a brand
    std::string_view brand = head.substr(off, 4);
    for (auto b : kBrands) {
      if (brand == b) return true;
    }
  }
  return false;
}

}  // namespace

FileFormat SniffFormat(std::string_view head) {
  if (StartsWith(head, "\xFF\xD8\xFF")) return FileFormat::kJpeg;
  if (StartsWith(head, "\x89PNG\r\n\x1A\n")) return FileFormat::kPng;
  if (StartsWith(head, std::string_view("II*\0", 4)) ||
      StartsWith(head, std::string_view("MM\0*", 4))) {
    return FileFormat::kTiff;
  }
  if (head.size() >= 12 && StartsWith(head, "RIFF") && head.compare(8, 4, "WEBP") == 0) {
    return FileFormat::kWebp;
  }
  if (IsHeif(head)) return FileFormat::kHeic;
  // Readers accept junk (mail headers, BOMs) before the PDF header, within the first KiB.
  size_t pdf = head.substr(0, 1024 + 5).find("%PDF-");
  if (pdf != std::string_view::npos && pdf <= 1024) return FileFormat::kPdf;
  return FileFormat::kUnknown;
}

FileFormat SniffFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return FileFormat::kUnknown;
  std::string head(kSniffBytes, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in.gcount()));
  return SniffFormat(head);
}

std::string_view FormatName(FileFormat format) {
  switch (format) {
    case FileFormat::kPdf:
      return "pdf";
    case FileFormat::kJpeg:
      return "jpeg";
    case FileFormat::kPng:
      return "png";
    case FileFormat::kTiff:
      return "tiff";
    case FileFormat::kHeic:
      return "heic";
    case FileFormat::kWebp:
      return "webp";
    case FileFormat::kUnknown:
      break;
  }
  return "unknown";
}

std::string_view FormatMimeType(FileFormat format) {
  switch (format) {
    case FileFormat::kPdf:
      return "application/pdf";
    case FileFormat::kJpeg:
      return "image/jpeg";
    case FileFormat::kPng:
      return "image/png";
    case FileFormat::kTiff:
      return "image/tiff";
    case FileFormat::kHeic:
      return "image/heic";
    case FileFormat::kWebp:
      return "image/webp";
    case FileFormat::kUnknown:
      break;
  }
  return "application/octet-stream";
}

}  // namespace notaria::ingest
