#include "server/filename.h"

#include "text/normalize.h"

namespace notaria::server {

std::string SanitizeFilename(std::string_view name) {
  size_t cut = name.find_last_of("/\\");
  if (cut != std::string_view::npos) name.remove_prefix(cut + 1);
  std::string cleaned;
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7F) continue;
    cleaned += static_cast<char>(c);
  }
  cleaned = text::Nfc(cleaned);
  // Names made only of dots would mean "here" or "parent" to anyone who reuses them.
  if (cleaned.find_first_not_of('.') == std::string::npos) cleaned.clear();
  while (!cleaned.empty() && cleaned.back() == ' ') cleaned.pop_back();
  if (cleaned.size() > 255) {
    // The stem is shortened, not the extension: "….pdf" still says what the file is.
    std::string extension;
    if (size_t dot = cleaned.find_last_of('.');
        dot != std::string::npos && dot > 0 && cleaned.size() - dot <= 10) {
      extension = cleaned.substr(dot);
    }
    size_t end = 255 - extension.size();
    while (end > 0 && (static_cast<unsigned char>(cleaned[end]) & 0xC0) == 0x80) --end;
    cleaned.resize(end);
    cleaned += extension;
  }
  return cleaned.empty() ? "document" : cleaned;
}

}  // namespace notaria::server
