// Page images: one page of an original drawn as a PNG, for the notary to see beside what was
// read from it.
//
// PDF pages are rendered in colour by Poppler; image files are decoded as for reading (the
// same size limits). The page is turned upright by the rotation the reader found (Page
// ::rotation) and scaled down to `max_width` pixels. Like reading, rendering a hostile file
// happens in a child process: RenderPageSandboxed runs RenderPageInProcess there, with the
// reader's memory and time limits, and turns a crash into a typed error.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "ingest/reader.h"

namespace notaria::ingest {

struct PageImageRequest {
  int page = 1;          // 1-based
  int max_width = 1200;  // pixels
  int rotation = 0;      // clockwise degrees to apply (0, 90, 180, 270)
};

// In this process: only inside the sandbox child or in tests.
std::optional<DocumentError> RenderPageInProcess(const std::string& path,
                                                 const PageImageRequest& request,
                                                 const ReadLimits& limits, std::string* png);

std::optional<DocumentError> RenderPageSandboxed(const std::vector<std::string>& child_argv,
                                                 const std::string& path,
                                                 const PageImageRequest& request,
                                                 const ReadLimits& limits, std::string* png);

}  // namespace notaria::ingest
