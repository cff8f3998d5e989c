#include "net/static_files.h"

#include <filesystem>
#include <fstream>
#include <cctype>
#include <map>
#include <optional>
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

namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ), in thousandths.
std::optional<int> ParseQuality(std::string_view text) {
  if (text.empty() || (text[0] != '0' && text[0] != '1')) return std::nullopt;
  int whole = text[0] - '0';
  int thousandths = 0;
  if (text.size() > 1) {
    if (text[1] != '.' || text.size() > 5) return std::nullopt;
    int scale = 100;
    for (char c : text.substr(2)) {
      if (c < '0' || c > '9') return std::nullopt;
      thousandths += (c - '0') * scale;
      scale /= 10;
    }
  }
  const int quality = whole * 1000 + thousandths;
  return quality > 1000 ? std::nullopt : std::optional<int>(quality);
}

// A precompressed copy of `original` that may be sent: a regular file inside
// the root, not a symlink out of it, and no older than the original.
bool UsableCopy(const fs::path& copy, const fs::path& original, const std::string& root_text) {
  std::error_code error;
  const fs::path resolved = fs::canonical(copy, error);
  if (error || resolved.string().compare(0, root_text.size(), root_text) != 0) return false;
  if (!fs::is_regular_file(resolved, error) || fs::file_size(resolved, error) > kMaxStaticBytes) return false;
  const auto copy_time = fs::last_write_time(resolved, error);
  if (error) return false;
  const auto original_time = fs::last_write_time(original, error);
  return !error && copy_time >= original_time;
}

std::optional<std::string> ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

bool EndsWith(const std::string& text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

constexpr int kLeastWanted = 1;

AcceptEncoding ParseAcceptEncoding(std::string_view header) {
  AcceptEncoding accepted;
  std::optional<int> brotli, gzip, identity, any;
  while (!header.empty()) {
    const size_t comma = header.find(',');
    std::string_view element = Trim(header.substr(0, comma));
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    const size_t semicolon = element.find(';');
    const std::string coding = Lower(Trim(element.substr(0, semicolon)));
    if (coding.empty()) continue;
    std::optional<int> quality = 1000;
    std::string_view parameters = semicolon == std::string_view::npos ? std::string_view() : element.substr(semicolon + 1);
    while (!parameters.empty()) {
      const size_t next = parameters.find(';');
      const std::string_view parameter = Trim(parameters.substr(0, next));
      parameters = next == std::string_view::npos ? std::string_view() : parameters.substr(next + 1);
      const size_t equals = parameter.find('=');
      if (equals != std::string_view::npos && Lower(Trim(parameter.substr(0, equals))) == "q") {
        quality = ParseQuality(Trim(parameter.substr(equals + 1)));
      }
    }
    if (!quality) continue;  // a malformed element says nothing
    if (coding == "br") brotli = quality;
    else if (coding == "gzip" || coding == "x-gzip") gzip = quality;
    else if (coding == "identity") identity = quality;
    else if (coding == "*") any = quality;
  }
  accepted.brotli = brotli.value_or(any.value_or(0));
  accepted.gzip = gzip.value_or(any.value_or(0));
  // Unnamed, identity is acceptable but least wanted: any acceptable
  // compressed copy is sent before it.
  accepted.identity = identity.value_or(any.value_or(kLeastWanted));
  return accepted;
}

ContentCoding ChooseCoding(const AcceptEncoding& accepted, bool have_brotli, bool have_gzip) {
  ContentCoding best = ContentCoding::kIdentity;
  int best_quality = accepted.identity;
  // Visited from least to most preferred: a later coding wins ties.
  if (have_gzip && accepted.gzip > 0 && accepted.gzip >= best_quality) {
    best = ContentCoding::kGzip;
    best_quality = accepted.gzip;
  }
  if (have_brotli && accepted.brotli > 0 && accepted.brotli >= best_quality) {
    best = ContentCoding::kBrotli;
  }
  return best;
}

HttpResponse ServeStatic(const std::string& root, const StaticRequest& request) {
  const std::string& path = request.path;
  if (root.empty() || !SafeRelativePath(path)) return NotFoundResponse();
  // The precompressed copies are an implementation detail of one response.
  if (EndsWith(Lower(path), ".br") || EndsWith(Lower(path), ".gz")) return NotFoundResponse();
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
  // Copies sit beside the name that was asked for (a symlinked original
  // keeps its copies beside the link, as the build writes them).
  const fs::path brotli_copy = candidate.string() + ".br";
  const fs::path gzip_copy = candidate.string() + ".gz";
  const bool have_brotli = UsableCopy(brotli_copy, resolved, root_text);
  const bool have_gzip = UsableCopy(gzip_copy, resolved, root_text);
  const ContentCoding coding =
      ChooseCoding(ParseAcceptEncoding(request.accept_encoding), have_brotli, have_gzip);
  const fs::path source = coding == ContentCoding::kBrotli ? brotli_copy
                          : coding == ContentCoding::kGzip ? gzip_copy
                                                           : resolved;
  std::optional<std::string> body = ReadFile(source);
  if (!body) return NotFoundResponse();
  HttpResponse response;
  response.content_type = MimeTypeFor(resolved.filename().string());
  response.body = std::move(*body);
  if (coding != ContentCoding::kIdentity) {
    response.headers.emplace_back("Content-Encoding", coding == ContentCoding::kBrotli ? "br" : "gzip");
  }
  // Caches must key on Accept-Encoding wherever the bytes depend on it.
  if (have_brotli || have_gzip) response.headers.emplace_back("Vary", "Accept-Encoding");
  const bool hashed_asset = resolved_text.compare(root_text.size(), 7, "assets/") == 0;
  response.headers.emplace_back(
      "Cache-Control", hashed_asset ? "public, max-age=31536000, immutable"
                                    : "no-cache");
  return response;
}

}  // namespace mc
