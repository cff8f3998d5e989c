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
#include <utility>
#include <vector>

#include "core/status.h"
#include "imaging/dicom_instance.h"

namespace mc::imaging {

struct QidoQuery {
  std::string patient_id;             // exact; "" = any
  std::string date_from, date_to;     // YYYYMMDD, inclusive; "" = open
  std::set<std::string> modalities;   // any of; empty = any
  std::set<std::string> study_uids;   // any of; empty = any
  std::set<std::string> series_uids;  // series and instance level
  std::set<std::string> sop_uids;     // instance level
  int64_t limit = 100;                // 1..1000
  int64_t offset = 0;
};

// Parses QIDO query pairs. Keys are keywords or tags (PatientID or
// 00100020, StudyDate, ModalitiesInStudy / Modality, StudyInstanceUID,
// SeriesInstanceUID, SOPInstanceUID), limit and offset; includefield and
// fuzzymatching are accepted and ignored (every supported attribute is
// always returned). InvalidArgument: "unsupported_query_parameter" (the
// message names it), "invalid_query" (a bad date, number or UID list).
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
