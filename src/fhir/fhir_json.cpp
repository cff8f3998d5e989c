#include "fhir/fhir_json.h"

#include <fmt/format.h>

#include <algorithm>
#include <sodium.h>

#include "core/clock.h"

namespace mc::fhir {
namespace {

using nlohmann::json;

constexpr char kAppointmentSystem[] = "urn:metaclinic:appointment";

std::string Base64(const std::string& bytes) {
  std::string out(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

json DocumentReferenceFromNote(const VaultRecord& record, const json& note) {
  json resource = {
      {"resourceType", "DocumentReference"},
      {"status", "current"},
      {"type", {{"text", "Clinical note of a virtual visit"}}},
      {"subject", {{"reference", "Patient/" + record.pseudonym}}},
      {"date", FormatIsoUtc(record.created_unix_ms)},
      {"content",
       {{{"attachment",
          {{"contentType", "text/plain; charset=utf-8"},
           {"data", Base64(note.value("text", ""))},
           {"title", "Clinical note"}}}}}}};
  if (note.contains("author") && note["author"].is_string()) {
    resource["author"] = {{{"reference", note["author"]}}};
  }
  if (note.contains("encounter") && note["encounter"].is_string()) {
    resource["context"] = {{"encounter", {{{"reference", "Encounter/" + note["encounter"].get<std::string>()}}}}};
  }
  return WithMeta(std::move(resource), record.id, record.version, record.updated_unix_ms);
}

std::string Encode(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

std::string PageUrl(const std::string& base_url, const std::string& type,
                    const SearchRequest& request, int offset) {
  std::string query;
  for (const auto& [name, value] : request.filters) {
    query += fmt::format("{}={}&", Encode(name), Encode(value));
  }
  query += fmt::format("_count={}&_offset={}", request.count, offset);
  return fmt::format("{}/{}?{}", base_url, type, query);
}


// FHIR date comparison at the precision of the parameter: "ge2026-01" holds
// for "2026-01-15T10:00:00Z".
bool DateMatches(const std::string& value, const std::string& parameter) {
  if (value.empty()) return false;
  std::string prefix = "eq";
  std::string date = parameter;
  if (parameter.size() > 2 && std::isalpha(static_cast<unsigned char>(parameter[0]))) {
    prefix = parameter.substr(0, 2);
    date = parameter.substr(2);
  }
  const std::string cut = value.substr(0, std::min(value.size(), date.size()));
  const int order = cut.compare(date);
  if (prefix == "eq") return order == 0;
  if (prefix == "ne") return order != 0;
  if (prefix == "lt") return order < 0;
  if (prefix == "le") return order <= 0;
  if (prefix == "gt") return order > 0;
  if (prefix == "ge") return order >= 0;
  return false;
}

bool CodeMatches(const json& resource, std::string_view pointer, const std::string& parameter) {
  if (pointer.empty()) return false;
  const json::json_pointer path{std::string(pointer) + "/coding"};
  if (!resource.contains(path) || !resource.at(path).is_array()) return false;
  const size_t bar = parameter.find('|');
  const std::string system = bar == std::string::npos ? "" : parameter.substr(0, bar);
  const std::string code = bar == std::string::npos ? parameter : parameter.substr(bar + 1);
  // Stored records may predate validation: a non-string code never matches.
  for (const json& coding : resource.at(path)) {
    if (StringAt(coding, "/code") != code) continue;
    if (bar == std::string::npos || StringAt(coding, "/system") == system) return true;
  }
  return false;
}

bool IsValidDate(const std::string& text) {
  static const std::string kShape = "0000-00-00T00:00:00";
  if (text.size() < 4) return false;
  for (size_t index = 0; index < text.size() && index < kShape.size(); ++index) {
    const bool digit = std::isdigit(static_cast<unsigned char>(text[index]));
    if ((kShape[index] == '0') != digit) return false;
  }
  return true;
}

Status Invalid(std::string_view code, const std::string& message, const std::string& path) {
  return WithPath(InvalidArgument(code, message), path);
}

}  // namespace

bool AllDigits(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string StringAt(const json& resource, std::string_view pointer) {
  if (pointer.empty()) return "";
  const json::json_pointer path{std::string(pointer)};
  if (!resource.contains(path) || !resource.at(path).is_string()) return "";
  return resource.at(path).get<std::string>();
}

json WithMeta(json resource, const std::string& id, int64_t version,
              int64_t updated_unix_ms) {
  resource["id"] = id;
  resource["meta"] = {{"versionId", std::to_string(version)},
                      {"lastUpdated", FormatIsoUtc(updated_unix_ms)}};
  return resource;
}

json ResourceFromRecord(const VaultRecord& record) {
  json document = json::parse(record.json, nullptr, false);
  if (!document.is_object()) return nullptr;
  if (record.type == "ClinicalNote") return DocumentReferenceFromNote(record, document);
  if (FindResourceKind(record.type) == nullptr || record.type == "AuditEvent") return nullptr;
  document["resourceType"] = record.type;
  if (record.type == "Appointment" && document.contains("id") && document["id"].is_string()) {
    document["identifier"] = {{{"system", kAppointmentSystem}, {"value", document["id"]}}};
  }
  document.erase("meta");
  return WithMeta(std::move(document), record.id, record.version, record.updated_unix_ms);
}

const VaultRecord* NewestOfType(const std::vector<VaultRecord>& records, const std::string& type) {
  const VaultRecord* newest = nullptr;
  for (const VaultRecord& record : records) {
    if (record.type == type &&
        (newest == nullptr || record.updated_unix_ms > newest->updated_unix_ms)) {
      newest = &record;
    }
  }
  return newest;
}

std::string PatientIdOf(const std::string& reference) {
  std::string id = reference;
  if (id.rfind("Patient/", 0) == 0) id = id.substr(8);
  if (id.empty() || id.size() > 64 || id.find('/') != std::string::npos) return "";
  return id;
}

StatusOr<SearchRequest> ParseSearch(const ResourceKind& kind, const SearchParams& params) {
  SearchRequest request;
  for (const auto& [name, value] : params) {
    if (name == "_format") continue;
    if (name == "_count" || name == "_offset") {
      const bool digits = !value.empty() && value.size() <= 6 &&
                          AllDigits(value);
      const int number = digits ? std::stoi(value) : -1;
      if (name == "_count" && (number < 1 || number > 100)) {
        return Invalid("invalid_search_parameter", "_count is 1 to 100", "_count");
      }
      if (name == "_offset" && number < 0) {
        return Invalid("invalid_search_parameter", "_offset is a whole number", "_offset");
      }
      (name == "_count" ? request.count : request.offset) = number;
      continue;
    }
    const std::string canonical = name == "subject" ? "patient" : name;
    if (std::find(kind.search_parameters.begin(), kind.search_parameters.end(), canonical) ==
        kind.search_parameters.end()) {
      return Invalid("unknown_search_parameter",
                     fmt::format("{} cannot be searched by '{}'", kind.type, name), name);
    }
    if (value.empty()) {
      return Invalid("invalid_search_parameter", fmt::format("'{}' needs a value", name), name);
    }
    if (canonical == "date") {
      const bool prefixed = value.size() > 2 && std::isalpha(static_cast<unsigned char>(value[0]));
      if (!IsValidDate(prefixed ? value.substr(2) : value)) {
        return Invalid("invalid_search_parameter", "date takes [prefix]YYYY-MM-DD[Thh:mm:ss]",
                       name);
      }
    }
    request.filters.emplace_back(canonical, value);
  }
  return request;
}

bool MatchesFilters(const ResourceKind& kind, const json& resource, const SearchParams& filters) {
  for (const auto& [name, value] : filters) {
    if (name == "patient") continue;
    if (name == "_id" && StringAt(resource, "/id") != value) return false;
    if (name == "date" && !DateMatches(StringAt(resource, kind.date_pointer), value)) {
      return false;
    }
    if (name == "status" && StringAt(resource, kind.status_pointer) != value) return false;
    if (name == "code" && !CodeMatches(resource, kind.code_pointer, value)) return false;
    if (name == "name") {
      const std::string text = StringAt(resource, "/name/0/text");
      auto lower = [](std::string s) {
        std::transform(s.begin(), s.end(), s.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        return s;
      };
      if (lower(text).find(lower(value)) == std::string::npos) return false;
    }
    // A canonical url matches with or without its "|version".
    if (name == "url" && StringAt(resource, "/url") != value.substr(0, value.find('|'))) {
      return false;
    }
    if (name == "practitioner" &&
        StringAt(resource, "/practitioner/reference") !=
            (value.rfind("Practitioner/", 0) == 0 ? value : "Practitioner/" + value)) {
      return false;
    }
  }
  return true;
}

json SearchBundle(const std::string& base_url, const std::string& type,
                  const SearchRequest& request, const std::vector<json>& matches) {
  const int total = static_cast<int>(matches.size());
  json links = json::array({{{"relation", "self"},
                             {"url", PageUrl(base_url, type, request, request.offset)}}});
  if (request.offset + request.count < total) {
    links.push_back({{"relation", "next"},
                     {"url", PageUrl(base_url, type, request, request.offset + request.count)}});
  }
  if (request.offset > 0) {
    links.push_back({{"relation", "previous"},
                     {"url", PageUrl(base_url, type, request,
                                     std::max(0, request.offset - request.count))}});
  }
  json entries = json::array();
  for (int index = request.offset; index < total && index < request.offset + request.count;
       ++index) {
    const json& resource = matches[static_cast<size_t>(index)];
    const std::string resource_type = StringAt(resource, "/resourceType");
    entries.push_back({{"fullUrl", fmt::format("{}/{}/{}", base_url,
                                                resource_type.empty() ? type : resource_type,
                                                StringAt(resource, "/id"))},
                       {"resource", resource},
                       {"search", {{"mode", "match"}}}});
  }
  json bundle = {{"resourceType", "Bundle"}, {"type", "searchset"}, {"total", total},
                 {"link", links}};
  if (!entries.empty()) bundle["entry"] = entries;
  return bundle;
}

Status ValidateResource(const ResourceKind& kind, const json& resource,
                        const std::string& id_for_update) {
  const std::string type(kind.type);
  if (!resource.is_object()) {
    return Invalid("invalid_resource", "the body must be a JSON object", type);
  }
  if (!resource.contains("resourceType") || resource["resourceType"] != type) {
    return Invalid("wrong_resource_type", fmt::format("resourceType must be \"{}\"", type),
                   "resourceType");
  }
  if (!id_for_update.empty() && resource.value("id", "") != id_for_update) {
    return Invalid("id_mismatch", "the resource's id must be the id in the URL", type + ".id");
  }
  for (std::string_view element : kind.required) {
    const std::string name(element);
    if (!resource.contains(name) || resource[name].is_null() ||
        (resource[name].is_array() && resource[name].empty())) {
      return Invalid("missing_element", fmt::format("{} is required", name),
                     type + "." + name);
    }
  }
  if (!kind.statuses.empty() && kind.status_pointer == "/status" && resource.contains("status")) {
    const json& status = resource["status"];
    if (!status.is_string() || std::find(kind.statuses.begin(), kind.statuses.end(),
                                         status.get<std::string>()) == kind.statuses.end()) {
      return Invalid("invalid_code", "status is not one of the allowed codes", type + ".status");
    }
  }
  if (!kind.patient_pointer.empty()) {
    const json::json_pointer pointer{std::string(kind.patient_pointer)};
    const std::string path = PatientPath(kind);
    if (!resource.contains(pointer) || !resource.at(pointer).is_string() ||
        resource.at(pointer).get<std::string>().rfind("Patient/", 0) != 0 ||
        PatientIdOf(resource.at(pointer).get<std::string>()).empty()) {
      return Invalid("invalid_reference", "must reference the patient as Patient/<id>", path);
    }
  }
  for (const auto& [name, value] : resource.items()) {
    if (name.empty() || !(std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_')) {
      return Invalid("invalid_element", fmt::format("'{}' is not a FHIR element name", name),
                     type);
    }
    if (value.is_null()) {
      return Invalid("invalid_element", "FHIR JSON has no null values", type + "." + name);
    }
  }
  if (resource.contains("meta") && !resource["meta"].is_object()) {
    return Invalid("invalid_element", "meta must be an object", type + ".meta");
  }
  return Status();
}

}  // namespace mc::fhir
