#include "net/multipart.h"

#include <algorithm>
#include <cctype>

namespace mc {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return static_cast<char>(std::tolower(c));
  });
  return out;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  return text;
}

// The value of parameter `name` of a media type ("" when absent).
std::string Parameter(std::string_view media_type, std::string_view name) {
  size_t start = media_type.find(';');
  while (start != std::string_view::npos) {
    const size_t end = media_type.find(';', start + 1);
    std::string_view pair = Trim(media_type.substr(
        start + 1, end == std::string_view::npos ? std::string_view::npos
                                                 : end - start - 1));
    const size_t equals = pair.find('=');
    if (equals != std::string_view::npos &&
        Lower(Trim(pair.substr(0, equals))) == name) {
      std::string_view value = Trim(pair.substr(equals + 1));
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
        value = value.substr(1, value.size() - 2);
      }
      return std::string(value);
    }
    start = end;
  }
  return "";
}

std::string MediaType(std::string_view content_type) {
  return Lower(Trim(content_type.substr(0, content_type.find(';'))));
}

}  // namespace

StatusOr<std::vector<std::string_view>> SplitMultipartRelated(
    const std::string& content_type, std::string_view body,
    std::string_view part_type) {
  const std::string wanted =
      "send multipart/related; type=\"" + std::string(part_type) + "\"";
  if (MediaType(content_type) != "multipart/related") {
    return InvalidArgument("unsupported_media_type", wanted);
  }
  const std::string type = Lower(Parameter(content_type, "type"));
  if (!type.empty() && type != part_type)
    return InvalidArgument("unsupported_media_type", wanted);
  const std::string boundary = Parameter(content_type, "boundary");
  if (boundary.empty() || boundary.size() > 70) {
    return InvalidArgument("invalid_multipart",
                           "the Content-Type names no boundary");
  }
  const std::string delimiter = "--" + boundary;
  size_t at = body.find(delimiter);
  if (at == std::string_view::npos) {
    return InvalidArgument("invalid_multipart", "the body holds no part");
  }
  std::vector<std::string_view> parts;
  while (true) {
    at += delimiter.size();
    if (body.substr(at, 2) == "--") return parts;  // the closing delimiter
    if (body.substr(at, 2) != "\r\n") {
      return InvalidArgument("invalid_multipart",
                             "a boundary line is not followed by CRLF");
    }
    at += 2;
    const size_t headers_end = body.find("\r\n\r\n", at > 2 ? at - 2 : at);
    if (headers_end == std::string_view::npos) {
      return InvalidArgument("invalid_multipart",
                             "a part's headers do not end");
    }
    std::string_view headers =
        body.substr(at, headers_end >= at ? headers_end - at : 0);
    std::string part_content_type;
    while (!headers.empty()) {
      const size_t line_end = headers.find("\r\n");
      const std::string_view line = headers.substr(0, line_end);
      const size_t colon = line.find(':');
      if (colon != std::string_view::npos &&
          Lower(Trim(line.substr(0, colon))) == "content-type") {
        part_content_type = std::string(Trim(line.substr(colon + 1)));
      }
      if (line_end == std::string_view::npos) break;
      headers.remove_prefix(line_end + 2);
    }
    if (!part_content_type.empty() &&
        MediaType(part_content_type) != part_type) {
      return InvalidArgument("unsupported_media_type", wanted);
    }
    const size_t content = headers_end + 4;
    // A delimiter is "--boundary" followed by CRLF or "--" (RFC 2046): the
    // same bytes followed by anything else are content.
    size_t next = body.find("\r\n" + delimiter, content);
    while (next != std::string_view::npos) {
      const std::string_view after =
          body.substr(next + 2 + delimiter.size(), 2);
      if (after == "\r\n" || after == "--") break;
      next = body.find("\r\n" + delimiter, next + 1);
    }
    if (next == std::string_view::npos) {
      return InvalidArgument("invalid_multipart",
                             "a part is not closed by the boundary");
    }
    parts.push_back(body.substr(content, next - content));
    at = next + 2;
  }
}

std::string MultipartContentType(std::string_view part_type,
                                 std::string_view boundary) {
  return "multipart/related; type=\"" + std::string(part_type) +
         "\"; boundary=" + std::string(boundary);
}

std::string JoinMultipartRelated(const std::vector<std::string_view>& parts,
                                 std::string_view part_type,
                                 std::string_view boundary) {
  std::string body;
  for (std::string_view part : parts) {
    body += "--";
    body += boundary;
    body += "\r\nContent-Type: ";
    body += part_type;
    body += "\r\n\r\n";
    body += part;
    body += "\r\n";
  }
  body += "--";
  body += boundary;
  body += "--\r\n";
  return body;
}

}  // namespace mc
