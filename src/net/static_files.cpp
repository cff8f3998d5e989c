#include "net/static_files.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace mc {
namespace fs = std::filesystem;
namespace {

constexpr uintmax_t kMaxStaticBytes = 64 * 1024 * 1024;

bool SafeRelativePath(const std::string& path) {
  if (path.empty() || path[0] != '/') return false;
  if (path.find('\\') != std::string::npos) return false;
  if (path.find('\0') != std::string::npos) return false;
  std::istringstream segments(path.substr(1));
  std::string segment;
  while (std::getline(segments, segment, '/')) {
    if (segment == ".." || segment == ".") return false;
    if (!segment.empty() && segment[0] == '.') return false;  // dotfiles
  }
  return true;
}

HttpResponse NotFoundResponse() {
  return HttpResponse::Error(NotFound("not_found", "no such file"));
}

}  // namespace

std::string MimeTypeFor(const std::string& file_name) {
  static const std::map<std::string, std::string> types = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".wasm", "application/wasm"},
      {".txt", "text/plain; charset=utf-8"},
      {".woff2", "font/woff2"},
      {".glb", "model/gltf-binary"},
      {".bin", "application/octet-stream"},
      {".webmanifest", "application/manifest+json"},
  };
  const std::string extension = fs::path(file_name).extension().string();
  auto found = types.find(extension);
  return found == types.end() ? "application/octet-stream" : found->second;
}

HttpResponse ServeStatic(const std::string& root, const std::string& path) {
  if (root.empty() || !SafeRelativePath(path)) return NotFoundResponse();
  std::error_code error;
  const fs::path canonical_root = fs::canonical(root, error);
  if (error) return NotFoundResponse();
  fs::path candidate = canonical_root / path.substr(1);
  if (path.back() == '/') candidate /= "index.html";
  if (!fs::is_regular_file(candidate, error)) {
    if (fs::path(path).has_extension()) return NotFoundResponse();
    candidate = canonical_root / "index.html";
  }
  const fs::path resolved = fs::canonical(candidate, error);
  if (error) return NotFoundResponse();
  const std::string resolved_text = resolved.string();
  const std::string root_text = canonical_root.string() + "/";
  if (resolved_text.compare(0, root_text.size(), root_text) != 0) {
    return NotFoundResponse();  // a symlink pointing outside the root
  }
  if (!fs::is_regular_file(resolved, error) ||
      fs::file_size(resolved, error) > kMaxStaticBytes) {
    return NotFoundResponse();
  }
  std::ifstream in(resolved, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  HttpResponse response;
  response.content_type = MimeTypeFor(resolved.filename().string());
  response.body = content.str();
  const bool hashed_asset = resolved_text.find("/assets/") != std::string::npos;
  response.headers.emplace_back(
      "Cache-Control", hashed_asset ? "public, max-age=31536000, immutable"
                                    : "no-cache");
  return response;
}

}  // namespace mc
