// Reading a document into pages of text: the PDF text layer where it can be trusted, OCR
// where it cannot (scans, photos, pages whose text layer lies).
//
// Pages are delivered one at a time through a callback, in order, so memory does not grow
// with the page count. Any failure is a typed DocumentError; nothing throws to the caller.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/page.h"

namespace notaria::ingest {

struct ReadLimits {
  int dpi = 300;                             // rasterisation of PDF pages for OCR
  int max_pages = 1000;                      // more: TOO_MANY_PAGES
  int page_timeout_seconds = 180;            // one page longer: PAGE_TIMEOUT
  uint64_t max_image_pixels = 150'000'000;   // one image larger: IMAGE_TOO_LARGE
  uint64_t memory_limit_bytes = 3ull << 30;  // address-space limit of the sandbox
};

struct ReadCallbacks {
  std::function<void(int page_count)> on_page_count;  // once, before the first page
  std::function<void(const Page& page)> on_page;      // once per page, in order
};

// Reads `path` in this process. Use only inside the sandbox child (or in tests): a hostile
// file can crash the calling process.
std::optional<DocumentError> ReadDocumentInProcess(const std::string& path,
                                                   const ReadLimits& limits,
                                                   const ReadCallbacks& callbacks);

// Reads `path` in a child process started as `child_argv` + [path, limits...] with memory
// and CPU limits; the child runs RunReaderChild. A crash, an out-of-memory or a timeout of the
// child becomes a typed error; pages the child delivered before are still passed on.
std::optional<DocumentError> ReadDocumentSandboxed(const std::vector<std::string>& child_argv,
                                                   const std::string& path,
                                                   const ReadLimits& limits,
                                                   const ReadCallbacks& callbacks);

// Body of the child process: parses its arguments (as appended by ReadDocumentSandboxed),
// applies the limits to itself, reads the file and streams the pages to stdout. Returns the
// process exit code.
// `args` are the arguments after the child's own command: [path, --dpi=N, --max-pages=N,
// --page-timeout=S, --max-image-pixels=N, --memory-limit=BYTES], as ReaderChildArgs builds
// them. The protocol on stdout is one JSON object per line, flushed at once:
// {"page_count":N}, {"page":{PageToJson}}, then {"done":true} or {"error":{"code","message"}}.
int RunReaderChild(const std::vector<std::string>& args);

// The arguments ReadDocumentSandboxed appends to `child_argv`.
std::vector<std::string> ReaderChildArgs(const std::string& path, const ReadLimits& limits);

}  // namespace notaria::ingest
