// Upload file names are untrusted: only their last component is kept, for display.
//
// The name is never used to build a storage path (blobs are addressed by content hash), but
// it is shown to the notary and written in exports, so it is cleaned here once: directory
// parts ("../../etc/x.pdf", "C:\\x.pdf") dropped, control characters removed, Unicode NFC,
// at most 255 bytes without cutting a character, the extension kept. An empty result becomes
// "document".
#pragma once

#include <string>
#include <string_view>

namespace notaria::server {

std::string SanitizeFilename(std::string_view name);

}  // namespace notaria::server
