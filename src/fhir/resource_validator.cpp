#include "fhir/resource_validator.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <mutex>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "core/paths.h"
#include "fhir/fhir_json.h"

namespace mc::fhir {
namespace {

using nlohmann::json;

constexpr char kDefinitionsPrefix[] = "#/definitions/";

Status Invalid(std::string_view code, const std::string& message, const std::string& path) {
  return WithPath(InvalidArgument(code, message), path);
}

bool IsSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

// The schema's definitions as valijson gets them: every `pattern` removed
// (checked by PrimitiveProblem instead; see the header) and complex types,
// which the R4 schema leaves untyped, required to be objects (otherwise
// "valueQuantity": "seven" passes, since properties constrain objects only).
json ForValijson(json definitions) {
  for (auto& [name, definition] : definitions.items()) {
    if (!definition.is_object()) continue;
    definition.erase("pattern");
    if (definition.contains("properties") && !definition.contains("type")) {
      definition["type"] = "object";
    }
  }
  return definitions;
}

// Days in `month` of `year` (proleptic Gregorian).
int DaysIn(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

// The R4 date, dateTime, instant and time regexes (datatypes page), applied
// only to short strings (they contain an unbounded fraction), and calendar
// validity ("Dates SHALL be valid dates"), which no regex says.
std::optional<std::string> TemporalProblem(const std::string& kind, const std::string& text) {
  static const std::string kYear = "([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)";
  static const std::string kTime =
      "([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]+)?";
  static const std::string kZone = "(Z|(\\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))";
  static const std::regex kDate(kYear + "(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1]))?)?");
  static const std::regex kDateTime(kYear + "(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1])(T" +
                                    kTime + kZone + ")?)?)?");
  static const std::regex kInstant(kYear + "-(0[1-9]|1[0-2])-(0[1-9]|[1-2][0-9]|3[0-1])T" +
                                   kTime + kZone);
  static const std::regex kTimeOfDay(kTime);
  const std::regex& shape = kind == "date"       ? kDate
                            : kind == "dateTime" ? kDateTime
                            : kind == "instant"  ? kInstant
                                                 : kTimeOfDay;
  const char* expected = kind == "date"       ? "YYYY, YYYY-MM or YYYY-MM-DD"
                         : kind == "dateTime" ? "YYYY[-MM[-DD[Thh:mm:ss[.fff](Z|+hh:mm)]]]"
                         : kind == "instant"  ? "YYYY-MM-DDThh:mm:ss[.fff](Z|+hh:mm)"
                                              : "hh:mm:ss[.fff]";
  if (text.size() > 40 || !std::regex_match(text, shape)) {
    return fmt::format("not a FHIR {} ({})", kind, expected);
  }
  if (kind != "time" && text.size() >= 10) {
    const int year = std::stoi(text.substr(0, 4));
    const int month = std::stoi(text.substr(5, 2));
    if (std::stoi(text.substr(8, 2)) > DaysIn(year, month)) {
      return fmt::format("{} is not a day of the calendar", text.substr(0, 10));
    }
  }
  return std::nullopt;
}

bool IsOid(const std::string& text) {
  if (text.rfind("urn:oid:", 0) != 0 || text.size() < 10 || text[8] < '0' || text[8] > '2') {
    return false;
  }
  size_t index = 9;
  while (index < text.size()) {
    if (text[index] != '.' || index + 1 >= text.size()) return false;
    const size_t start = ++index;
    while (index < text.size() && std::isdigit(static_cast<unsigned char>(text[index]))) ++index;
    if (index == start || (text[start] == '0' && index - start > 1)) return false;
  }
  return true;
}

bool IsUuid(const std::string& text) {
  static const std::string kShape = "urn:uuid:xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
  if (text.size() != kShape.size()) return false;
  for (size_t index = 0; index < text.size(); ++index) {
    const char c = text[index];
    if (kShape[index] != 'x' ? c != kShape[index]
                             : !(std::isdigit(static_cast<unsigned char>(c)) ||
                                 (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

std::optional<std::string> TextProblem(const std::string& kind, const std::string& text) {
  if (kind == "string" || kind == "markdown") {
    if (text.empty()) return std::string("must not be empty");
    if (text.find_first_of("\v\f") != std::string::npos) {
      return std::string("contains a vertical tab or form feed");
    }
  } else if (kind == "code") {
    if (text.empty() || IsSpace(text.front()) || IsSpace(text.back())) {
      return std::string("a code is non-empty, without leading or trailing whitespace");
    }
    for (size_t index = 1; index < text.size(); ++index) {
      if (IsSpace(text[index]) && IsSpace(text[index - 1])) {
        return std::string("a code has single spaces only");
      }
    }
  } else if (kind == "uri" || kind == "url" || kind == "canonical") {
    if (std::any_of(text.begin(), text.end(), IsSpace)) {
      return fmt::format("a {} has no whitespace", kind);
    }
  } else if (kind == "id") {
    const bool ok = !text.empty() && text.size() <= 64 &&
                    std::all_of(text.begin(), text.end(), [](char c) {
                      return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.';
                    });
    if (!ok) return std::string("an id is 1 to 64 of A-Z a-z 0-9 - .");
  } else if (kind == "oid") {
    if (!IsOid(text)) return std::string("not an OID (urn:oid:1.2.3)");
  } else if (kind == "uuid") {
    if (!IsUuid(text)) return std::string("not a UUID (urn:uuid:<lower-case hex>)");
  } else if (kind == "date" || kind == "dateTime" || kind == "instant" || kind == "time") {
    return TemporalProblem(kind, text);
  }
  return std::nullopt;
}

// What is wrong with `value` as the R4 primitive `kind`, beyond its JSON
// type (valijson checks that); nullopt when nothing or not a primitive.
std::optional<std::string> PrimitiveProblem(const std::string& kind, const json& value) {
  if (value.is_string()) return TextProblem(kind, value.get_ref<const std::string&>());
  if (kind != "integer" && kind != "positiveInt" && kind != "unsignedInt") return std::nullopt;
  if (!value.is_number()) return std::nullopt;
  if (!value.is_number_integer()) return fmt::format("an {} is a whole number", kind);
  const bool is_unsigned = value.is_number_unsigned();
  const int64_t number = is_unsigned ? 0 : value.get<int64_t>();
  const uint64_t magnitude = is_unsigned ? value.get<uint64_t>() : 0;
  if (magnitude > 2147483647u || number > 2147483647 || number < -2147483648LL) {
    return fmt::format("an {} is a 32-bit number", kind);
  }
  const int64_t lowest = kind == "positiveInt" ? 1 : kind == "unsignedInt" ? 0 : INT64_MIN;
  if (!is_unsigned && number < lowest) return fmt::format("{} is not a valid {}", number, kind);
  if (is_unsigned && kind == "positiveInt" && magnitude == 0) {
    return std::string("a positiveInt is at least 1");
  }
  return std::nullopt;
}

// The path of a valijson error: context {"<root>", "[Observation]",
// "[code]", "[coding]", "[0]"} becomes "Observation.code.coding[0]"; an
// unknown element named in the description is appended.
std::string PathOf(const valijson::ValidationResults::Error& error) {
  std::string path;
  for (const std::string& part : error.context) {
    if (part.size() < 2 || part.front() != '[' || part.back() != ']') continue;
    const std::string name = part.substr(1, part.size() - 2);
    const bool index = !name.empty() && AllDigits(name);
    path += index ? "[" + name + "]" : (path.empty() ? name : "." + name);
  }
  const std::string& description = error.description;
  if (description.find("'additionalProperties'") != std::string::npos &&
      description.size() > 2 && description.back() == '\'') {
    const size_t open = description.rfind('\'', description.size() - 2);
    if (open != std::string::npos) {
      path += "." + description.substr(open + 1, description.size() - open - 2);
    }
  }
  return path;
}

// Whether `value` nests objects and arrays deeper than `limit`; `path` is
// where the too-deep value is.
bool TooDeep(const json& value, int limit, std::string& path) {
  if (!value.is_structured()) return false;
  if (limit == 0) return true;
  for (auto member = value.begin(); member != value.end(); ++member) {
    const std::string step =
        value.is_object() ? "." + member.key()
                          : fmt::format("[{}]", std::distance(value.begin(), member));
    if (TooDeep(*member, limit - 1, path)) {
      path = step + path;
      return true;
    }
  }
  return false;
}

}  // namespace

struct ResourceValidator::Compiled {
  json definitions;  // as given to valijson: patterns removed, objects typed
  std::set<std::string> resource_types;
  valijson::Schema schema;  // {"properties": {<type>: {"$ref": <type>}}}

  // Walks `value` along `node` (a schema node) and checks every primitive
  // it reaches; the first problem, with its path.
  Status CheckPrimitives(const json& node, const json& value, const std::string& path) const;
};

Status ResourceValidator::Compiled::CheckPrimitives(const json& node, const json& value,
                                                    const std::string& path) const {
  if (!node.is_object()) return Status();
  if (auto ref = node.find("$ref"); ref != node.end() && ref->is_string()) {
    const std::string& target = ref->get_ref<const std::string&>();
    if (target.rfind(kDefinitionsPrefix, 0) != 0) return Status();
    std::string name = target.substr(sizeof(kDefinitionsPrefix) - 1);
    if (name == "ResourceList") {  // contained: the resource's own type
      if (!value.is_object() || !value.contains("resourceType") ||
          !value["resourceType"].is_string()) {
        return Status();
      }
      name = value["resourceType"].get<std::string>();
    }
    if (std::optional<std::string> problem = PrimitiveProblem(name, value)) {
      return Invalid("invalid_resource", fmt::format("{}: {}", path, *problem), path);
    }
    auto definition = definitions.find(name);
    return definition == definitions.end() ? Status()
                                           : CheckPrimitives(*definition, value, path);
  }
  auto properties = node.find("properties");
  if (properties != node.end() && properties->is_object() && value.is_object()) {
    for (const auto& [name, member] : value.items()) {
      auto property = properties->find(name);
      if (property == properties->end()) continue;
      MC_RETURN_IF_ERROR(CheckPrimitives(*property, member, path + "." + name));
    }
  }
  auto items = node.find("items");
  if (items != node.end() && value.is_array()) {
    for (size_t index = 0; index < value.size(); ++index) {
      MC_RETURN_IF_ERROR(
          CheckPrimitives(*items, value[index], fmt::format("{}[{}]", path, index)));
    }
  }
  return Status();
}

ResourceValidator::ResourceValidator(std::unique_ptr<Compiled> compiled)
    : compiled_(std::move(compiled)) {}

ResourceValidator::~ResourceValidator() = default;

StatusOr<std::unique_ptr<ResourceValidator>> ResourceValidator::Load(
    const std::string& schema_path) {
  std::ifstream in(schema_path, std::ios::binary);
  if (!in) return Unavailable("fhir_schema", "cannot read the FHIR schema " + schema_path);
  std::stringstream text;
  text << in.rdbuf();
  json document = json::parse(text.str(), nullptr, false);
  if (!document.is_object() || !document.contains("definitions") ||
      !document["definitions"].is_object() ||
      !document.contains("/discriminator/mapping"_json_pointer)) {
    return Unavailable("fhir_schema", schema_path + " is not the FHIR JSON schema");
  }
  auto compiled = std::make_unique<Compiled>();
  compiled->definitions = ForValijson(std::move(document["definitions"]));
  json root = {{"definitions", compiled->definitions}, {"properties", json::object()}};
  for (const auto& [type, target] : document["/discriminator/mapping"_json_pointer].items()) {
    root["properties"][type] = {{"$ref", target}};
    compiled->resource_types.insert(type);
  }
  try {
    // Draft 7 is the nearest valijson has to the schema's draft 6 (const).
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    parser.populateSchema(valijson::adapters::NlohmannJsonAdapter(root), compiled->schema);
  } catch (const std::exception& error) {
    return Unavailable("fhir_schema",
                       fmt::format("cannot compile the FHIR schema: {}", error.what()));
  }
  return std::unique_ptr<ResourceValidator>(new ResourceValidator(std::move(compiled)));
}

StatusOr<const ResourceValidator*> ResourceValidator::Shared() {
  static const auto* loaded = new StatusOr<std::unique_ptr<ResourceValidator>>(
      Load(ShareDir() + "/fhir/fhir.schema.json"));
  if (!loaded->ok()) return loaded->status();
  return loaded->value().get();
}

Status ResourceValidator::Validate(const json& resource) const {
  if (!resource.is_object()) {
    return Invalid("invalid_resource", "a resource is a JSON object", "Resource");
  }
  auto type = resource.find("resourceType");
  if (type == resource.end() || !type->is_string() ||
      compiled_->resource_types.count(type->get<std::string>()) == 0) {
    return Invalid("unknown_resource_type", "resourceType must name a FHIR R4 resource type",
                   "resourceType");
  }
  const std::string& name = type->get_ref<const std::string&>();
  std::string deep_path;
  if (TooDeep(resource, kMaxDepth, deep_path)) {
    return Invalid("invalid_resource",
                   fmt::format("nested deeper than {} levels", kMaxDepth), name + deep_path);
  }
  // valijson's Validator caches compiled regexes and is not thread-safe;
  // with the patterns removed the cache stays empty, but keep one per thread.
  thread_local valijson::Validator validator(valijson::Validator::kStrongTypes);
  const json wrapped = {{name, resource}};
  valijson::ValidationResults results;
  try {
    if (!validator.validate(compiled_->schema, valijson::adapters::NlohmannJsonAdapter(wrapped),
                            &results)) {
      valijson::ValidationResults::Error first;
      results.popError(first);
      const std::string path = PathOf(first);
      return Invalid("invalid_resource", fmt::format("{}: {}", path, first.description),
                     path.empty() ? name : path);
    }
  } catch (const std::exception& error) {
    return Internal("fhir_validation", error.what());
  }
  return compiled_->CheckPrimitives(compiled_->definitions[name], resource, name);
}

}  // namespace mc::fhir
