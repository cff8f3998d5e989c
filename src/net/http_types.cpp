#include "net/http_types.h"

#include "core/error_map.h"
#include "core/utf8.h"

namespace mc {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

bool PercentDecode(const std::string& text, bool plus_is_space, std::string* out) {
  out->clear();
  for (size_t index = 0; index < text.size(); ++index) {
    const char c = text[index];
    if (c == '%') {
      if (index + 2 >= text.size()) return false;
      const int high = HexValue(text[index + 1]);
      const int low = HexValue(text[index + 2]);
      if (high < 0 || low < 0) return false;
      out->push_back(static_cast<char>(high * 16 + low));
      index += 2;
    } else if (c == '+' && plus_is_space) {
      out->push_back(' ');
    } else {
      out->push_back(c);
    }
  }
  return true;
}

StatusOr<QueryPairs> ParseQuery(const std::string& query) {
  QueryPairs pairs;
  size_t begin = 0;
  while (begin < query.size()) {
    size_t end = query.find('&', begin);
    if (end == std::string::npos) end = query.size();
    const std::string pair = query.substr(begin, end - begin);
    begin = end + 1;
    if (pair.empty()) continue;
    const size_t equals = pair.find('=');
    std::string name, value;
    if (!PercentDecode(pair.substr(0, equals), true, &name) ||
        !PercentDecode(equals == std::string::npos ? "" : pair.substr(equals + 1), true,
                       &value)) {
      return InvalidArgument("invalid_query", "the query string is not well encoded");
    }
    pairs.emplace_back(std::move(name), std::move(value));
  }
  return pairs;
}

std::string HttpRequest::Header(const std::string& lower_name) const {
  auto found = headers.find(lower_name);
  return found == headers.end() ? std::string() : found->second;
}

std::string HttpRequest::Cookie(const std::string& name) const {
  const std::string cookies = Header("cookie");
  size_t position = 0;
  while (position < cookies.size()) {
    size_t end = cookies.find(';', position);
    if (end == std::string::npos) end = cookies.size();
    std::string pair = cookies.substr(position, end - position);
    const size_t first = pair.find_first_not_of(' ');
    if (first != std::string::npos) pair = pair.substr(first);
    const size_t equals = pair.find('=');
    if (equals != std::string::npos && pair.substr(0, equals) == name) {
      return pair.substr(equals + 1);
    }
    position = end + 1;
  }
  return std::string();
}

Status CheckRequestText(const HttpRequest& request) {
  const auto refuse = [](const std::string& where) {
    return InvalidArgument("invalid_utf8", "the " + where + " is not valid UTF-8 text");
  };
  if (!IsValidUtf8(request.path)) return refuse("path");
  size_t position = 0;
  while (position < request.query.size()) {
    size_t end = request.query.find('&', position);
    if (end == std::string::npos) end = request.query.size();
    std::string decoded;
    // Undecodable escapes are the handlers' to refuse; bad bytes are ours.
    if (PercentDecode(request.query.substr(position, end - position), true, &decoded) &&
        !IsValidUtf8(decoded)) {
      return refuse("query");
    }
    position = end + 1;
  }
  for (const auto& [name, value] : request.headers) {
    if (!IsValidUtf8(value)) return refuse(IsValidUtf8(name) ? name + " header" : "header");
  }
  const std::string type = request.Header("content-type");
  const bool textual = type.find("json") != std::string::npos ||
                       type.find("text/") != std::string::npos ||
                       type.find("x-www-form-urlencoded") != std::string::npos;
  if (textual && !IsValidUtf8(request.body)) return refuse("body");
  return Status();
}

std::string HttpRequest::QueryParam(const std::string& name) const {
  size_t position = 0;
  while (position <= query.size()) {
    size_t end = query.find('&', position);
    if (end == std::string::npos) end = query.size();
    const std::string pair = query.substr(position, end - position);
    const size_t equals = pair.find('=');
    std::string key;
    if (PercentDecode(pair.substr(0, equals), true, &key) && key == name) {
      std::string value;
      if (equals != std::string::npos &&
          PercentDecode(pair.substr(equals + 1), true, &value)) {
        return value;
      }
      return std::string();
    }
    position = end + 1;
  }
  return std::string();
}

HttpResponse HttpResponse::Json(int status, const nlohmann::json& body) {
  HttpResponse response;
  response.status = status;
  response.body = body.dump();
  return response;
}

HttpResponse HttpResponse::Error(const Status& status) {
  HttpResponse response;
  response.status = HttpStatusFor(status);
  response.body = ErrorJson(status);
  return response;
}

HttpResponse HttpResponse::NoContent() {
  HttpResponse response;
  response.status = 204;
  response.content_type.clear();
  return response;
}

}  // namespace mc
