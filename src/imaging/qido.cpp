#include "imaging/qido.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <tuple>

namespace mc::imaging {
namespace {

using nlohmann::json;

bool IsDate(const std::string& text) {
  return text.size() == 8 && std::all_of(text.begin(), text.end(), ::isdigit);
}

bool IsUid(const std::string& text) {
  return !text.empty() && text.size() <= 64 &&
         text.find_first_not_of("0123456789.") == std::string::npos;
}

StatusOr<std::set<std::string>> List(const std::string& value, bool uids) {
  std::set<std::string> items;
  size_t start = 0;
  while (start <= value.size()) {
    size_t end = value.find_first_of(",\\", start);
    if (end == std::string::npos) end = value.size();
    const std::string item = value.substr(start, end - start);
    if (item.empty() || item.size() > 64 || (uids && !IsUid(item))) {
      return InvalidArgument("invalid_query",
                             "a list holds an empty or malformed value");
    }
    items.insert(item);
    start = end + 1;
  }
  return items;
}

Status Unsupported(const std::string& key) {
  return InvalidArgument(
      "unsupported_query_parameter",
      "no DICOM attribute or QIDO parameter is named " + key.substr(0, 64));
}

bool IsHex(const std::string& text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return std::isxdigit(static_cast<unsigned char>(c)) != 0;
  });
}

// A keyword (PatientName), a tag (00100010), or a sequence path of them
// (00081199.00081150).
bool IsAttributeKey(const std::string& key) {
  if (key.empty() || key.size() > 128) return false;
  size_t start = 0;
  while (start <= key.size()) {
    size_t end = key.find('.', start);
    if (end == std::string::npos) end = key.size();
    const std::string part = key.substr(start, end - start);
    const bool tag = part.size() == 8 && IsHex(part);
    const bool keyword =
        !part.empty() && part.size() <= 64 && std::isupper(part[0]) &&
        std::all_of(part.begin(), part.end(),
                    [](char c) { return std::isalnum(c) != 0; });
    if (!tag && !keyword) return false;
    start = end + 1;
  }
  return true;
}

// The keyword for the tags this server matches on; other keys unchanged.
std::string Keyword(const std::string& key) {
  static const std::map<std::string, std::string> kTags = {
      {"00080020", "StudyDate"},         {"00080030", "StudyTime"},
      {"00080050", "AccessionNumber"},   {"00080060", "Modality"},
      {"00080061", "ModalitiesInStudy"}, {"00080090", "ReferringPhysicianName"},
      {"00081030", "StudyDescription"},  {"0008103E", "SeriesDescription"},
      {"00080018", "SOPInstanceUID"},    {"00100010", "PatientName"},
      {"00100020", "PatientID"},         {"0020000D", "StudyInstanceUID"},
      {"0020000E", "SeriesInstanceUID"}, {"00200010", "StudyID"},
  };
  if (key.size() != 8 || !IsHex(key)) return key;
  std::string upper = key;
  for (char& c : upper) c = static_cast<char>(std::toupper(c));
  auto found = kTags.find(upper);
  return found == kTags.end() ? upper : found->second;
}

bool IsTextKey(const std::string& key) {
  return key == "PatientName" || key == "PatientID" ||
         key == "AccessionNumber" || key == "ReferringPhysicianName" ||
         key == "StudyID" || key == "StudyDescription" ||
         key == "SeriesDescription";
}

// HH, HHMM, HHMMSS or HHMMSS.F{1,6} (PS3.5 TM).
bool IsTime(const std::string& text) {
  const std::string whole = text.substr(0, text.find('.'));
  if (whole.size() != 2 && whole.size() != 4 && whole.size() != 6) return false;
  if (!std::all_of(whole.begin(), whole.end(), ::isdigit)) return false;
  if (whole.size() < text.size()) {
    const std::string fraction = text.substr(whole.size() + 1);
    if (whole.size() != 6 || fraction.empty() || fraction.size() > 6 ||
        !std::all_of(fraction.begin(), fraction.end(), ::isdigit))
      return false;
  }
  return true;
}

// The first six digits of a time bound, padded with `fill` (0 for a lower
// bound, 9 for an upper one: 10 up to 1099 covers 10:59:59).
std::string TimeBound(const std::string& time, char fill) {
  if (time.empty()) return "";
  std::string digits = time.substr(0, std::min<size_t>(6, time.find('.')));
  digits.resize(6, fill);
  return digits;
}

// A single value or a range (`a-b`, `a-`, `-b`; PS3.4 C.2.2.2.5).
StatusOr<std::pair<std::string, std::string>> Range(
    const std::string& value, bool (*valid)(const std::string&),
    const std::string& name) {
  const size_t dash = value.find('-');
  std::string from = value.substr(0, dash);
  std::string to = dash == std::string::npos ? value : value.substr(dash + 1);
  if ((!from.empty() && !valid(from)) || (!to.empty() && !valid(to)) ||
      value == "-") {
    return InvalidArgument("invalid_query",
                           name + " is one value or a range from-to");
  }
  return std::make_pair(from, to);
}

StatusOr<int64_t> Count(const std::string& value, int64_t low, int64_t high) {
  if (value.empty() || value.size() > 9 ||
      value.find_first_not_of("0123456789") != std::string::npos) {
    return InvalidArgument("invalid_query",
                           "limit and offset are whole numbers");
  }
  const int64_t number = std::stoll(value);
  if (number < low || number > high) {
    return InvalidArgument("invalid_query",
                           "limit is 1..1000, offset 0 or more");
  }
  return number;
}

json Attribute(const char* vr, const json& value) {
  if (value.is_null() ||
      (value.is_string() && value.get<std::string>().empty())) {
    return {{"vr", vr}};
  }
  return {{"vr", vr}, {"Value", json::array({value})}};
}

json PersonName(const std::string& name) {
  if (name.empty()) return {{"vr", "PN"}};
  return {{"vr", "PN"}, {"Value", json::array({{{"Alphabetic", name}}})}};
}

std::string Str(const json& object, const char* key) {
  auto found = object.find(key);
  return found != object.end() && found->is_string() ? found->get<std::string>()
                                                     : "";
}

int64_t Int(const json& object, const char* key) {
  auto found = object.find(key);
  return found != object.end() && found->is_number_integer()
             ? found->get<int64_t>()
             : 0;
}

std::set<std::string> Modalities(const json& index) {
  std::set<std::string> modalities;
  for (const json& series : index["series"]) {
    if (!Str(series, "modality").empty())
      modalities.insert(Str(series, "modality"));
  }
  return modalities;
}

// The stored value a text key matches on, in the study index or a series.
std::string FieldValue(const json& index, const std::string& field) {
  const json& study = index["study_attributes"];
  if (field == "PatientName") return Str(index["patient"], "name");
  if (field == "PatientID") return Str(index["patient"], "id");
  if (field == "AccessionNumber") return Str(study, "accession");
  if (field == "ReferringPhysicianName") return Str(study, "referring");
  if (field == "StudyID") return Str(study, "id");
  if (field == "StudyDescription") return Str(study, "description");
  return "";
}

bool TextMatches(const TextMatch& match, const std::string& value,
                 bool fuzzy) {
  if (WildcardMatch(match.pattern, value, match.person_name)) return true;
  if (!fuzzy || !match.person_name) return false;
  // Fuzzy: the pattern begins some component of the name (Doe^John: "jo").
  size_t start = 0;
  while (start < value.size()) {
    size_t end = value.find_first_of("^= ", start);
    if (end == std::string::npos) end = value.size();
    if (WildcardMatch(match.pattern + "*", value.substr(start, end - start),
                      true))
      return true;
    start = end + 1;
  }
  return false;
}

}  // namespace

StatusOr<QidoQuery> ParseQidoQuery(
    const std::vector<std::pair<std::string, std::string>>& pairs) {
  QidoQuery query;
  for (const auto& [raw_key, value] : pairs) {
    const std::string key = Keyword(raw_key);
    if (key == "limit") {
      MC_ASSIGN_OR_RETURN(query.limit, Count(value, 1, 1000));
    } else if (key == "offset") {
      MC_ASSIGN_OR_RETURN(query.offset, Count(value, 0, 100000000));
    } else if (key == "fuzzymatching") {
      if (value != "true" && value != "false") {
        return InvalidArgument("invalid_query",
                               "fuzzymatching is true or false");
      }
      query.fuzzy = value == "true";
    } else if (key == "includefield") {
      MC_ASSIGN_OR_RETURN(std::set<std::string> fields, List(value, false));
      for (const std::string& field : fields) {
        if (field != "all" && !IsAttributeKey(field)) {
          return InvalidArgument(
              "invalid_query",
              "includefield takes keywords, tags (00100010) or all");
        }
        query.include_fields.insert(field);
      }
    } else if (value.empty()) {
      // Universal matching: the attribute is returned, nothing filtered.
      if (!IsAttributeKey(key)) return Unsupported(raw_key);
    } else if (key == "StudyDate") {
      MC_ASSIGN_OR_RETURN(auto range, Range(value, IsDate, "StudyDate"));
      std::tie(query.date_from, query.date_to) = range;
    } else if (key == "StudyTime") {
      MC_ASSIGN_OR_RETURN(auto range, Range(value, IsTime, "StudyTime"));
      query.time_from = TimeBound(range.first, '0');
      query.time_to = TimeBound(range.second, '9');
    } else if (key == "ModalitiesInStudy" || key == "Modality") {
      MC_ASSIGN_OR_RETURN(query.modalities, List(value, false));
    } else if (key == "StudyInstanceUID") {
      MC_ASSIGN_OR_RETURN(query.study_uids, List(value, true));
    } else if (key == "SeriesInstanceUID") {
      MC_ASSIGN_OR_RETURN(query.series_uids, List(value, true));
    } else if (key == "SOPInstanceUID") {
      MC_ASSIGN_OR_RETURN(query.sop_uids, List(value, true));
    } else if (IsTextKey(key)) {
      if (value.size() > 64 ||
          std::any_of(value.begin(), value.end(), [](char c) {
            return static_cast<unsigned char>(c) < 0x20 || c == '\\';
          })) {
        return InvalidArgument("invalid_query",
                               key + " is at most 64 printable characters");
      }
      if (value == "*") continue;  // universal matching
      query.texts.push_back(
          {key, value, key == "PatientName" || key == "ReferringPhysicianName"});
      if (key == "PatientID" &&
          value.find_first_of("*?") == std::string::npos) {
        query.patient_id = value;
      }
    } else if (IsAttributeKey(key)) {
      query.ignored.push_back(raw_key.substr(0, 64));
    } else {
      return Unsupported(raw_key);
    }
  }
  return query;
}

json InstanceIndexEntry(const InstanceAttributes& attributes,
                        const std::string& record_id) {
  return {{"sop", attributes.sop_instance_uid},
          {"class", attributes.sop_class_uid},
          {"number", attributes.instance_number},
          {"rows", attributes.rows},
          {"columns", attributes.columns},
          {"frames", attributes.number_of_frames},
          {"record", record_id}};
}

json NewStudyIndex(const InstanceAttributes& a) {
  return {{"study", a.study_instance_uid},
          {"patient",
           {{"id", a.patient_id},
            {"name", a.patient_name},
            {"birth_date", a.patient_birth_date},
            {"sex", a.patient_sex}}},
          {"study_attributes",
           {{"date", a.study_date},
            {"time", a.study_time},
            {"id", a.study_id},
            {"accession", a.accession_number},
            {"referring", a.referring_physician_name},
            {"description", a.study_description}}},
          {"series", json::array()}};
}

bool AddToStudyIndex(json& index, const InstanceAttributes& attributes,
                     json instance) {
  json* home = nullptr;
  for (json& series : index["series"]) {
    if (Str(series, "uid") == attributes.series_instance_uid) home = &series;
  }
  if (home == nullptr) {
    index["series"].push_back({{"uid", attributes.series_instance_uid},
                               {"number", attributes.series_number},
                               {"modality", attributes.modality},
                               {"description", attributes.series_description},
                               {"instances", json::array()}});
    home = &index["series"].back();
  }
  for (const json& existing : (*home)["instances"]) {
    if (Str(existing, "sop") == attributes.sop_instance_uid) return false;
  }
  json& instances = (*home)["instances"];
  instances.push_back(std::move(instance));
  std::stable_sort(instances.begin(), instances.end(),
                   [](const json& left, const json& right) {
                     return Int(left, "number") < Int(right, "number");
                   });
  return true;
}

bool StudyMatches(const json& index, const QidoQuery& query) {
  if (!query.patient_id.empty() &&
      Str(index["patient"], "id") != query.patient_id)
    return false;
  for (const TextMatch& match : query.texts) {
    if (match.field != "SeriesDescription" &&
        !TextMatches(match, FieldValue(index, match.field), query.fuzzy))
      return false;
  }
  const std::string time = TimeBound(Str(index["study_attributes"], "time"), '0');
  if (!query.time_from.empty() && (time.empty() || time < query.time_from))
    return false;
  if (!query.time_to.empty() && (time.empty() || time > query.time_to))
    return false;
  const std::string date = Str(index["study_attributes"], "date");
  if (!query.date_from.empty() && (date.empty() || date < query.date_from))
    return false;
  if (!query.date_to.empty() && (date.empty() || date > query.date_to))
    return false;
  if (!query.study_uids.empty() &&
      query.study_uids.count(Str(index, "study")) == 0)
    return false;
  if (!query.modalities.empty()) {
    const std::set<std::string> present = Modalities(index);
    const bool any =
        std::any_of(query.modalities.begin(), query.modalities.end(),
                    [&](const std::string& m) { return present.count(m) > 0; });
    if (!any) return false;
  }
  return true;
}

bool SeriesMatches(const json& series, const QidoQuery& query) {
  if (!query.series_uids.empty() &&
      query.series_uids.count(Str(series, "uid")) == 0)
    return false;
  if (!query.modalities.empty() &&
      query.modalities.count(Str(series, "modality")) == 0)
    return false;
  for (const TextMatch& match : query.texts) {
    if (match.field == "SeriesDescription" &&
        !TextMatches(match, Str(series, "description"), query.fuzzy))
      return false;
  }
  return true;
}

bool InstanceMatches(const json& instance, const QidoQuery& query) {
  return query.sop_uids.empty() || query.sop_uids.count(Str(instance, "sop")) > 0;
}

bool WildcardMatch(std::string_view pattern, std::string_view value,
                   bool ignore_case) {
  auto same = [ignore_case](char a, char b) {
    return ignore_case ? std::tolower(static_cast<unsigned char>(a)) ==
                             std::tolower(static_cast<unsigned char>(b))
                       : a == b;
  };
  // Greedy with one backtrack point per '*': linear in practice.
  size_t p = 0, v = 0, star = std::string_view::npos, resume = 0;
  while (v < value.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || same(pattern[p], value[v]))) {
      ++p;
      ++v;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = v;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      v = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

json StudyJson(const json& index, const std::string& base_url) {
  const json& patient = index["patient"];
  const json& study = index["study_attributes"];
  int64_t instances = 0;
  for (const json& series : index["series"])
    instances += series["instances"].size();
  json modalities = json::array();
  for (const std::string& modality : Modalities(index))
    modalities.push_back(modality);
  json out = {
      {"00080020", Attribute("DA", Str(study, "date"))},
      {"00080030", Attribute("TM", Str(study, "time"))},
      {"00080050", Attribute("SH", Str(study, "accession"))},
      {"00080061", modalities.empty()
                       ? json{{"vr", "CS"}}
                       : json{{"vr", "CS"}, {"Value", modalities}}},
      {"00080090", PersonName(Str(study, "referring"))},
      {"00081030", Attribute("LO", Str(study, "description"))},
      {"00081190",
       Attribute("UR", base_url + "/studies/" + Str(index, "study"))},
      {"00100010", PersonName(Str(patient, "name"))},
      {"00100020", Attribute("LO", Str(patient, "id"))},
      {"00100030", Attribute("DA", Str(patient, "birth_date"))},
      {"00100040", Attribute("CS", Str(patient, "sex"))},
      {"0020000D", Attribute("UI", Str(index, "study"))},
      {"00200010", Attribute("SH", Str(study, "id"))},
      {"00201206",
       Attribute("IS", static_cast<int64_t>(index["series"].size()))},
      {"00201208", Attribute("IS", instances)},
  };
  return out;
}

json SeriesJson(const json& index, const json& series,
                const std::string& base_url) {
  return {
      {"00080060", Attribute("CS", Str(series, "modality"))},
      {"0008103E", Attribute("LO", Str(series, "description"))},
      {"00081190",
       Attribute("UR", base_url + "/studies/" + Str(index, "study") +
                           "/series/" + Str(series, "uid"))},
      {"0020000D", Attribute("UI", Str(index, "study"))},
      {"0020000E", Attribute("UI", Str(series, "uid"))},
      {"00200011", Attribute("IS", Int(series, "number"))},
      {"00201209",
       Attribute("IS", static_cast<int64_t>(series["instances"].size()))},
  };
}

json InstanceJson(const json& index, const json& series, const json& instance,
                  const std::string& base_url) {
  json out = {
      {"00080016", Attribute("UI", Str(instance, "class"))},
      {"00080018", Attribute("UI", Str(instance, "sop"))},
      {"00081190",
       Attribute("UR", base_url + "/studies/" + Str(index, "study") +
                           "/series/" + Str(series, "uid") + "/instances/" +
                           Str(instance, "sop"))},
      {"0020000D", Attribute("UI", Str(index, "study"))},
      {"0020000E", Attribute("UI", Str(series, "uid"))},
      {"00200013", Attribute("IS", Int(instance, "number"))},
  };
  if (Int(instance, "rows") > 0) {
    out["00280010"] = Attribute("US", Int(instance, "rows"));
    out["00280011"] = Attribute("US", Int(instance, "columns"));
    out["00280008"] = Attribute("IS", Int(instance, "frames"));
  }
  return out;
}

std::vector<json> Page(std::vector<json> items, const QidoQuery& query) {
  if (query.offset >= static_cast<int64_t>(items.size())) return {};
  auto first = items.begin() + query.offset;
  auto last = items.size() - query.offset > static_cast<size_t>(query.limit)
                  ? first + query.limit
                  : items.end();
  return std::vector<json>(std::make_move_iterator(first),
                           std::make_move_iterator(last));
}

}  // namespace mc::imaging
