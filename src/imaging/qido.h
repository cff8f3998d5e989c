// QIDO-RS (PS3.18 10.6) over the archive's study index: the query
// parameters this server supports, matching, paging, and the DICOM JSON
// answers at study, series and instance level. Pure: no storage, no DCMTK.
//
// The study index is the JSON the archive keeps per study (image_archive.h):
//   {"study": uid, "patient": {...}, "study_attributes": {...},
//    "series": [{"uid", "number", "modality", "description",
//                "instances": [{"sop", "class", "number", "rows",
//                               "columns", "frames", "record"}]}]}
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "imaging/dicom_instance.h"

namespace mc::imaging {

// One attribute matched by a pattern: single value or wildcard matching
// (PS3.4 C.2.2.2.4: `*` any run, `?` one character), case-sensitive except
// for person names (PN), which match case-insensitively; with fuzzy
// matching a PN pattern also matches the start of any name component.
struct TextMatch {
  std::string field;    // "PatientName", ... (see ParseQidoQuery)
  std::string pattern;
  bool person_name = false;
};

struct QidoQuery {
  std::string patient_id;             // exact, no wildcard; "" = any
  std::string date_from, date_to;     // YYYYMMDD, inclusive; "" = open
  std::set<std::string> modalities;   // any of; empty = any
  std::set<std::string> study_uids;   // any of; empty = any
  std::set<std::string> series_uids;  // series and instance level
  std::set<std::string> sop_uids;     // instance level
  std::string time_from, time_to;     // StudyTime HHMMSS, inclusive; "" = open
  std::vector<TextMatch> texts;       // every one must match
  bool fuzzy = false;                 // fuzzymatching=true
  std::set<std::string> include_fields;  // as asked; "all" for all
  std::vector<std::string> ignored;   // attribute keys this server ignores
  int64_t limit = 100;                // 1..1000
  int64_t offset = 0;
};

// Parses QIDO query pairs (PS3.18 8.3.4, 10.6.1.2). Matching keys are
// keywords or tags: StudyDate (date or range), StudyTime (time or range),
// PatientName, PatientID, AccessionNumber, ReferringPhysicianName, StudyID,
// StudyDescription, SeriesDescription (wildcard matching), ModalitiesInStudy
// / Modality, StudyInstanceUID, SeriesInstanceUID, SOPInstanceUID (lists).
// An empty value is universal matching (matches everything). Also limit,
// offset, fuzzymatching (true/false) and includefield (keywords or tags,
// comma list or repeated, or "all"; every attribute this server keeps is
// always returned). Any other well-formed attribute key (a keyword or a
// tag) is ignored and named in `ignored` (PS3.18: the answer carries a
// Warning). InvalidArgument: "unsupported_query_parameter" (a key that is
// no attribute and no QIDO parameter; the message names it),
// "invalid_query" (a bad date, time, number, UID list, pattern, includefield
// or fuzzymatching value).
StatusOr<QidoQuery> ParseQidoQuery(
    const std::vector<std::pair<std::string, std::string>>& pairs);

// The index entry the archive keeps for one instance (without the record).
nlohmann::json InstanceIndexEntry(const InstanceAttributes& attributes,
                                  const std::string& record_id);
// A new study index from its first instance's attributes.
nlohmann::json NewStudyIndex(const InstanceAttributes& attributes);
// Adds `instance` (an InstanceIndexEntry) to its series in `index`, making
// the series when new; false when the SOP instance is already there.
bool AddToStudyIndex(nlohmann::json& index,
                     const InstanceAttributes& attributes,
                     nlohmann::json instance);

bool StudyMatches(const nlohmann::json& index, const QidoQuery& query);
// Series and instance level keys (the study's were matched on the way).
bool SeriesMatches(const nlohmann::json& series, const QidoQuery& query);
bool InstanceMatches(const nlohmann::json& instance, const QidoQuery& query);

// PS3.4 C.2.2.2.4 wildcard matching of `value` against `pattern`.
bool WildcardMatch(std::string_view pattern, std::string_view value,
                   bool ignore_case);

// DICOM JSON objects. `base_url` is ".../dicomweb" for RetrieveURL.
nlohmann::json StudyJson(const nlohmann::json& index,
                         const std::string& base_url);
nlohmann::json SeriesJson(const nlohmann::json& index,
                          const nlohmann::json& series,
                          const std::string& base_url);
nlohmann::json InstanceJson(const nlohmann::json& index,
                            const nlohmann::json& series,
                            const nlohmann::json& instance,
                            const std::string& base_url);

// `items[offset, offset + limit)`.
std::vector<nlohmann::json> Page(std::vector<nlohmann::json> items,
                                 const QidoQuery& query);

}  // namespace mc::imaging
