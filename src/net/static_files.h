// Serving the web client's static build (web/dist) safely and small.
//
// Paths are resolved inside the root only: any ".." segment, backslash, NUL
// or symlink escaping the root is refused (404). A path without a file
// extension that names no file falls back to index.html, so the client's
// own routes (e.g. /visit/abc) load the app.
//
// Compression is done once, at build time (web/scripts/compress.mjs writes
// `name.br` and `name.gz` beside `name`); nothing is compressed per request.
// For a file with such copies the response carries the best one the
// client's Accept-Encoding allows, with Content-Encoding, the original's
// Content-Type and `Vary: Accept-Encoding`; the server's Content-Length is
// that of the bytes sent. A copy is used only when it is a regular file
// inside the root and not older than its original. The copies are never
// served under their own names: any path ending in .br or .gz is 404.
//
// Caching: files under /assets/ carry a content hash in their name (vite)
// and are `public, max-age=31536000, immutable`; everything else (index.html
// above all, which names the current hashes) is `no-cache`.
//
// HEAD is answered by the HTTP server from the GET response (same headers,
// no body). Thread-safe: no state; reads the file system on every call.
#pragma once

#include <string>
#include <string_view>

#include "net/http_types.h"

namespace mc {

// The MIME type for a file name by its extension (octet-stream if unknown).
std::string MimeTypeFor(const std::string& file_name);

enum class ContentCoding { kIdentity, kGzip, kBrotli };

// What an Accept-Encoding header allows (RFC 9110 section 12.5.3): each
// coding's quality from 0 (not acceptable) to 1000 (thousandths, as the RFC
// allows at most three decimals).
struct AcceptEncoding {
  int brotli = 0;
  int gzip = 0;
  int identity = 1;
};

// Parses an Accept-Encoding value. Codings are case-insensitive, "x-gzip"
// counts as gzip, "*" gives its quality to every coding not named, and an
// element whose q is malformed ("q=2", "q=abc") is ignored. Identity stays
// acceptable unless refused by "identity;q=0" or by "*;q=0" without
// identity named; not named, it has the lowest quality (1), so that any
// acceptable compressed copy comes first. An absent or empty header allows
// identity only: tools that ask for nothing get plain bytes.
AcceptEncoding ParseAcceptEncoding(std::string_view header);

// The coding to send: the acceptable one of highest quality among those
// available (identity always is); on a tie brotli, then gzip, then identity.
// When nothing acceptable is available, identity (RFC 9110 lets a server
// send it rather than 406).
ContentCoding ChooseCoding(const AcceptEncoding& accepted, bool have_brotli, bool have_gzip);

struct StaticRequest {
  std::string path;             // decoded request path, starting with '/'
  std::string accept_encoding;  // the request's Accept-Encoding, "" if absent
};

// The response for GET (or HEAD) `request.path` under `root`: 200 with the
// file (or its compressed copy), or 404 ("not_found") when the path is
// unsafe, names a .br/.gz copy, or names nothing servable.
HttpResponse ServeStatic(const std::string& root, const StaticRequest& request);

}  // namespace mc
