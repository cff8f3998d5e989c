#include "imaging/image_archive.h"

#include <sodium.h>

#include <map>

#include "core/crypto.h"
#include "imaging/dicom_instance.h"
#include "imaging/png.h"

namespace mc::imaging {
namespace {

using nlohmann::json;

constexpr char kInstanceType[] = "DicomInstance";
constexpr char kIndexType[] = "DicomStudyIndex";
constexpr char kStudyType[] = "ImagingStudy";

std::string Base64(std::string_view bytes) {
  std::string out(
      sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL),
      '\0');
  sodium_bin2base64(out.data(), out.size(),
                    reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.pop_back();  // the terminating NUL
  return out;
}

StatusOr<std::string> FromBase64(const std::string& text) {
  std::string out(text.size() / 4 * 3 + 3, '\0');
  size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()),
                        out.size(), text.data(), text.size(), nullptr, &length,
                        nullptr, sodium_base64_VARIANT_ORIGINAL) != 0) {
    return Internal("dicom_record", "a stored DICOM instance does not decode");
  }
  out.resize(length);
  return out;
}

Status PartError(const Status& status, size_t index) {
  return WithCode(Status(status.code(), "part " + std::to_string(index + 1) +
                                            ": " + MessageOf(status)),
                  ErrorCode(status));
}

std::string Str(const json& object, const char* key) {
  auto found = object.find(key);
  return found != object.end() && found->is_string() ? found->get<std::string>()
                                                     : "";
}

// "20261101" -> "2026-11-01"; "" when not a date.
std::string FhirDate(const std::string& dicom_date) {
  if (dicom_date.size() != 8) return "";
  return dicom_date.substr(0, 4) + "-" + dicom_date.substr(4, 2) + "-" +
         dicom_date.substr(6, 2);
}

// The vault id of a study's index: named after the StudyInstanceUID, so a
// study can be located (without reading it) when the caller may not see it.
std::string StudyIndexId(const std::string& study) {
  return "dicom-study-" + Blake2bHex(study).substr(0, 40);
}

json Modality(const std::string& code) {
  return {{"system", "http://dicom.nema.org/resources/ontology/DCM"},
          {"code", code}};
}

}  // namespace

ImageArchive::ImageArchive(Vault& vault, ArchiveOptions options)
    : vault_(vault), options_(options) {}

json ImageArchive::ImagingStudyResource(const json& index,
                                        const std::string& pseudonym) {
  json series_list = json::array();
  std::set<std::string> modalities;
  int64_t instances = 0;
  for (const json& series : index["series"]) {
    json members = json::array();
    for (const json& instance : series["instances"]) {
      json member = {{"uid", instance["sop"]},
                     {"sopClass",
                      {{"system", "urn:ietf:rfc:3986"},
                       {"code", "urn:oid:" + Str(instance, "class")}}}};
      if (instance.value("number", 0) > 0)
        member["number"] = instance["number"];
      members.push_back(std::move(member));
    }
    instances += static_cast<int64_t>(members.size());
    json entry = {{"uid", series["uid"]},
                  {"modality", Modality(Str(series, "modality").empty()
                                            ? "OT"
                                            : Str(series, "modality"))},
                  {"numberOfInstances", members.size()},
                  {"instance", members}};
    if (series.value("number", 0) > 0) entry["number"] = series["number"];
    if (!Str(series, "description").empty())
      entry["description"] = series["description"];
    if (!Str(series, "modality").empty())
      modalities.insert(Str(series, "modality"));
    series_list.push_back(std::move(entry));
  }
  json resource = {{"resourceType", "ImagingStudy"},
                   {"status", "available"},
                   {"identifier",
                    {{{"system", "urn:dicom:uid"},
                      {"value", "urn:oid:" + Str(index, "study")}}}},
                   {"subject", {{"reference", "Patient/" + pseudonym}}},
                   {"numberOfSeries", series_list.size()},
                   {"numberOfInstances", instances},
                   {"series", series_list}};
  json modality_list = json::array();
  for (const std::string& modality : modalities)
    modality_list.push_back(Modality(modality));
  if (!modality_list.empty()) resource["modality"] = modality_list;
  const std::string started = FhirDate(Str(index["study_attributes"], "date"));
  if (!started.empty()) resource["started"] = started;
  const std::string description = Str(index["study_attributes"], "description");
  if (!description.empty()) resource["description"] = description;
  return resource;
}

StatusOr<std::vector<StoredInstance>> ImageArchive::Store(
    const Actor& actor, const std::vector<std::string_view>& parts,
    const std::string& study) {
  if (parts.empty()) {
    return InvalidArgument("no_instances",
                           "the request holds no application/dicom part");
  }
  // Check every part before anything is stored.
  std::vector<InstanceAttributes> parsed;
  for (size_t index = 0; index < parts.size(); ++index) {
    if (parts[index].size() > options_.max_instance_bytes) {
      return PartError(
          ResourceExhausted("instance_too_large",
                            "the instance is larger than this server accepts"),
          index);
    }
    auto attributes = ReadInstance(parts[index]);
    if (!attributes.ok()) return PartError(attributes.status(), index);
    if (!study.empty() && attributes->study_instance_uid != study) {
      return PartError(
          InvalidArgument(
              "study_mismatch",
              "the instance belongs to another study than the URL's"),
          index);
    }
    if (!parsed.empty() &&
        attributes->patient_id != parsed.front().patient_id) {
      return PartError(
          InvalidArgument("mixed_patients",
                          "one request stores images of one patient"),
          index);
    }
    parsed.push_back(std::move(*attributes));
  }
  const std::string pseudonym = parsed.front().patient_id;
  auto subject = vault_.Subject(pseudonym);
  if (!subject.ok() || subject->erased) {
    return NotFound("unknown_patient",
                    "PatientID must be the code of a patient of this clinic "
                    "(their pseudonym)");
  }
  // The care policy decides here, before any write (a refusal is audited).
  MC_ASSIGN_OR_RETURN(std::vector<VaultRecord> indexes,
                      vault_.List(actor, pseudonym, kIndexType));
  std::map<std::string, std::pair<VaultRecord, json>> studies;
  for (VaultRecord& record : indexes) {
    json index = json::parse(record.json, nullptr, false);
    if (!index.is_object()) continue;
    const std::string uid = Str(index, "study");  // before `index` is moved
    studies[uid] = {std::move(record), std::move(index)};
  }
  for (size_t index = 0; index < parsed.size(); ++index) {
    const std::string& uid = parsed[index].study_instance_uid;
    if (studies.count(uid) == 0 && vault_.Locate(StudyIndexId(uid)).ok()) {
      return PartError(AlreadyExists("study_of_another_patient",
                                     "this StudyInstanceUID is stored for "
                                     "another patient"),
                       index);
    }
  }
  std::vector<StoredInstance> stored;
  std::set<std::string> changed;
  for (size_t index = 0; index < parts.size(); ++index) {
    const InstanceAttributes& attributes = parsed[index];
    StoredInstance result{attributes.sop_class_uid, attributes.sop_instance_uid,
                          attributes.study_instance_uid,
                          attributes.series_instance_uid};
    auto [entry, is_new] = studies.try_emplace(attributes.study_instance_uid);
    if (is_new) entry->second.second = NewStudyIndex(attributes);
    json probe = entry->second.second;
    if (!AddToStudyIndex(probe, attributes, json::object())) {
      result.already_stored = true;
      stored.push_back(result);
      continue;
    }
    const json document = {{"study", attributes.study_instance_uid},
                           {"series", attributes.series_instance_uid},
                           {"sop", attributes.sop_instance_uid},
                           {"part10", Base64(parts[index])}};
    MC_ASSIGN_OR_RETURN(
        VaultRecord record,
        vault_.Put(actor, pseudonym, kInstanceType, "", document.dump()));
    AddToStudyIndex(entry->second.second, attributes,
                    InstanceIndexEntry(attributes, record.id));
    changed.insert(attributes.study_instance_uid);
    stored.push_back(result);
  }
  for (const std::string& uid : changed) {
    auto& [record, index] = studies[uid];
    const std::string fhir_id = Str(index, "imaging_study");
    MC_ASSIGN_OR_RETURN(
        VaultRecord fhir_record,
        vault_.Put(actor, pseudonym, kStudyType, fhir_id,
                   ImagingStudyResource(index, pseudonym).dump()));
    index["imaging_study"] = fhir_record.id;
    if (record.id.empty()) {
      auto created = vault_.CreateNamed(actor, pseudonym, kIndexType,
                                        StudyIndexId(uid), index.dump());
      if (!created.ok() && ErrorCode(created.status()) == "record_exists") {
        return AlreadyExists("study_of_another_patient",
                             "this StudyInstanceUID is stored for another "
                             "patient");
      }
      MC_RETURN_IF_ERROR(created.status());
    } else {
      MC_RETURN_IF_ERROR(vault_
                             .Put(actor, pseudonym, kIndexType, record.id,
                                  index.dump(), record.version)
                             .status());
    }
  }
  return stored;
}

StatusOr<std::vector<ImageArchive::FoundStudy>> ImageArchive::Studies(
    const Actor& actor, const std::vector<std::string>& pseudonyms,
    const std::string& action, const std::string& resource) {
  std::vector<FoundStudy> found;
  if (pseudonyms.empty()) return found;
  MC_ASSIGN_OR_RETURN(
      std::vector<VaultRecord> records,
      vault_.Search(
          actor, pseudonyms, kIndexType,
          {action, resource, pseudonyms.size() == 1 ? pseudonyms.front() : "",
           AuditOutcome::kSuccess, ""}));
  for (VaultRecord& record : records) {
    json index = json::parse(record.json, nullptr, false);
    if (!index.is_object()) continue;
    std::string pseudonym = record.pseudonym;
    found.push_back(
        {std::move(pseudonym), std::move(record), std::move(index)});
  }
  std::sort(
      found.begin(), found.end(),
      [](const FoundStudy& left, const FoundStudy& right) {
        const std::string a = Str(left.index["study_attributes"], "date");
        const std::string b = Str(right.index["study_attributes"], "date");
        return a != b ? a > b
                      : Str(left.index, "study") < Str(right.index, "study");
      });
  return found;
}

StatusOr<ImageArchive::FoundStudy> ImageArchive::FindStudy(
    const Actor& actor, const std::string& study, const std::string& action) {
  MC_ASSIGN_OR_RETURN(std::vector<std::string> patients,
                      vault_.policy().SearchablePatients(actor, kIndexType));
  MC_ASSIGN_OR_RETURN(std::vector<FoundStudy> studies,
                      Studies(actor, patients, action, "ImagingStudy"));
  for (FoundStudy& found : studies) {
    if (Str(found.index, "study") == study) return std::move(found);
  }
  // A study of a patient outside the caller's care: read its index as the
  // caller, so the care policy refuses (403) and the vault audits it.
  const std::string index_id = StudyIndexId(study);
  if (vault_.Locate(index_id).ok()) {
    MC_RETURN_IF_ERROR(vault_.Get(actor, index_id).status());
  }
  return NotFound("study_not_found",
                  "no study with this StudyInstanceUID that you may see");
}

StatusOr<std::vector<json>> ImageArchive::SearchStudies(
    const Actor& actor, const QidoQuery& query, const std::string& base_url) {
  std::vector<std::string> patients;
  if (!query.patient_id.empty()) {
    auto subject = vault_.Subject(query.patient_id);
    if (!subject.ok() || subject->erased) return std::vector<json>{};
    patients.push_back(query.patient_id);
  } else {
    MC_ASSIGN_OR_RETURN(patients,
                        vault_.policy().SearchablePatients(actor, kIndexType));
  }
  MC_ASSIGN_OR_RETURN(
      std::vector<FoundStudy> studies,
      Studies(actor, patients, "record.search", "ImagingStudy"));
  std::vector<json> matches;
  for (const FoundStudy& found : studies) {
    if (StudyMatches(found.index, query))
      matches.push_back(StudyJson(found.index, base_url));
  }
  return Page(std::move(matches), query);
}

StatusOr<std::vector<json>> ImageArchive::SearchSeries(
    const Actor& actor, const std::string& study, const QidoQuery& query,
    const std::string& base_url) {
  MC_ASSIGN_OR_RETURN(FoundStudy found,
                      FindStudy(actor, study, "record.search"));
  std::vector<json> matches;
  for (const json& series : found.index["series"]) {
    if (!SeriesMatches(series, query)) continue;
    matches.push_back(SeriesJson(found.index, series, base_url));
  }
  return Page(std::move(matches), query);
}

StatusOr<std::vector<json>> ImageArchive::SearchInstances(
    const Actor& actor, const std::string& study, const std::string& series_uid,
    const QidoQuery& query, const std::string& base_url) {
  MC_ASSIGN_OR_RETURN(FoundStudy found,
                      FindStudy(actor, study, "record.search"));
  for (const json& series : found.index["series"]) {
    if (Str(series, "uid") != series_uid) continue;
    std::vector<json> matches;
    for (const json& instance : series["instances"]) {
      if (!InstanceMatches(instance, query)) continue;
      matches.push_back(InstanceJson(found.index, series, instance, base_url));
    }
    return Page(std::move(matches), query);
  }
  return NotFound("series_not_found", "no such series in this study");
}

StatusOr<std::string> ImageArchive::InstanceBytes(const Actor& actor,
                                                  const InstancePath& path,
                                                  const std::string& action) {
  MC_ASSIGN_OR_RETURN(FoundStudy found, FindStudy(actor, path.study, action));
  for (const json& series : found.index["series"]) {
    if (Str(series, "uid") != path.series) continue;
    for (const json& instance : series["instances"]) {
      if (Str(instance, "sop") != path.instance) continue;
      MC_ASSIGN_OR_RETURN(VaultRecord record,
                          vault_.Get(actor, Str(instance, "record")));
      const json document = json::parse(record.json, nullptr, false);
      if (!document.is_object())
        return Internal("dicom_record", "a stored instance is damaged");
      return FromBase64(Str(document, "part10"));
    }
    return NotFound("instance_not_found", "no such instance in this series");
  }
  return NotFound("series_not_found", "no such series in this study");
}

StatusOr<std::string> ImageArchive::Retrieve(const Actor& actor,
                                             const InstancePath& path) {
  return InstanceBytes(actor, path, "record.search");
}

StatusOr<json> ImageArchive::Metadata(const Actor& actor,
                                      const InstancePath& path) {
  MC_ASSIGN_OR_RETURN(std::string bytes,
                      InstanceBytes(actor, path, "record.search"));
  return MetadataJson(bytes);
}

StatusOr<std::string> ImageArchive::RenderFrame(
    const Actor& actor, const InstancePath& path, int64_t frame_number,
    const std::optional<Window>& window) {
  MC_ASSIGN_OR_RETURN(std::string bytes,
                      InstanceBytes(actor, path, "record.search"));
  MC_ASSIGN_OR_RETURN(Frame frame, DecodeFrame(bytes, frame_number));
  const std::vector<uint8_t> grey =
      RenderGrey(frame, window ? *window : DefaultWindow(frame));
  return EncodeGreyPng(frame.columns, frame.rows, grey);
}

}  // namespace mc::imaging
