// The web UI's files (web/dist, built by scripts/build-web.sh), served beside the API on the
// web port so that the pages call the API on their own origin.
//
// Only regular files under `root` are served, by their path with any ".." refused; a path
// that names no file gets index.html (the UI routes in the URL's fragment, but a reloaded
// deep link must not be a 404). Without a built UI every page says how to build it (503).
#pragma once

#include <string>

#include "server/router.h"

namespace notaria::server {

void RegisterWebRoutes(Router& router, const std::string& root);

// Content type of a served file, from its extension.
std::string ContentTypeOf(const std::string& path);

}  // namespace notaria::server
