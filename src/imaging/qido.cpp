#include "imaging/qido.h"

#include <algorithm>
#include <cctype>

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

}  // namespace

StatusOr<QidoQuery> ParseQidoQuery(
    const std::vector<std::pair<std::string, std::string>>& pairs) {
  QidoQuery query;
  for (const auto& [key, value] : pairs) {
    if (key == "PatientID" || key == "00100020") {
      if (value.empty() || value.size() > 64) {
        return InvalidArgument("invalid_query", "PatientID is 1-64 characters");
      }
      query.patient_id = value;
    } else if (key == "StudyDate" || key == "00080020") {
      const size_t dash = value.find('-');
      query.date_from = value.substr(0, dash);
      query.date_to =
          dash == std::string::npos ? value : value.substr(dash + 1);
      if ((!query.date_from.empty() && !IsDate(query.date_from)) ||
          (!query.date_to.empty() && !IsDate(query.date_to)) || value == "-" ||
          value.empty()) {
        return InvalidArgument(
            "invalid_query",
            "StudyDate is YYYYMMDD or a range YYYYMMDD-YYYYMMDD");
      }
    } else if (key == "ModalitiesInStudy" || key == "00080061" ||
               key == "Modality" || key == "00080060") {
      MC_ASSIGN_OR_RETURN(query.modalities, List(value, false));
    } else if (key == "StudyInstanceUID" || key == "0020000D") {
      MC_ASSIGN_OR_RETURN(query.study_uids, List(value, true));
    } else if (key == "SeriesInstanceUID" || key == "0020000E") {
      MC_ASSIGN_OR_RETURN(query.series_uids, List(value, true));
    } else if (key == "SOPInstanceUID" || key == "00080018") {
      MC_ASSIGN_OR_RETURN(query.sop_uids, List(value, true));
    } else if (key == "limit") {
      MC_ASSIGN_OR_RETURN(query.limit, Count(value, 1, 1000));
    } else if (key == "offset") {
      MC_ASSIGN_OR_RETURN(query.offset, Count(value, 0, 100000000));
    } else if (key == "includefield" || key == "fuzzymatching") {
      // Every supported attribute is returned; matching is always exact.
    } else {
      return InvalidArgument(
          "unsupported_query_parameter",
          "this server does not search by " + key.substr(0, 64));
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
