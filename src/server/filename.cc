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
    size_t end = 255;
    while (end > 0 && (static_cast<unsigned char>(cleaned[end]) & 0xC0) == 0x80) --end;
    cleaned.resize(end);
  }
  return cleaned.empty() ? "document" : cleaned;
}

}  // namespace notaria::server
