// Serving the web client's static build (web/dist) safely.
//
// Paths are resolved inside the root only: any ".." segment, backslash, NUL
// or symlink escaping the root is refused (404). A path without a file
// extension that names no file falls back to index.html, so the client's
// own routes (e.g. /visit/abc) load the app.
#pragma once

#include <string>

#include "net/http_types.h"

namespace mc {

// The MIME type for a file name by its extension (octet-stream if unknown).
std::string MimeTypeFor(const std::string& file_name);

// The response for GET `path` under `root`.
HttpResponse ServeStatic(const std::string& root, const std::string& path);

}  // namespace mc
