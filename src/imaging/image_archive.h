// ImageArchive: DICOM instances kept as part of the patient's record, and
// the DICOMweb operations over them (docs/api.md "DICOMweb").
//
// Storage: every instance is a vault record of type "DicomInstance" (the
// Part 10 bytes, base64, encrypted with the patient's data key like every
// record; erasure shreds it with the rest). Per study the archive keeps a
// "DicomStudyIndex" record (the attributes QIDO answers, and which record
// holds each instance) and a FHIR "ImagingStudy" record, which
// Patient/$everything returns. PatientID in a stored file must be the
// patient's pseudonym: the archive stores no other patient identifier.
//
// Access: every call goes through the Vault, so the care policy decides and
// every store and retrieval is audited (one record per vault operation; a
// refusal is audited by the vault). The archive holds no PHI itself.
//
// Errors (stable codes): the parser's (dicom_instance.h) with the part's
// index in the message; InvalidArgument "no_instances", "instance_too_large"
// (ResourceExhausted), "study_mismatch" (a part outside the study of the
// URL), "mixed_patients"; NotFound "unknown_patient" (PatientID names no
// live patient), "study_not_found", "series_not_found",
// "instance_not_found"; the vault's PermissionDenied ("access_denied").
// A request with any bad part stores nothing.
//
// Threading: thread-safe (state lives in the vault). Two uploads to the same
// study at once may conflict: the second gets "version_conflict".
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "imaging/qido.h"
#include "imaging/window.h"
#include "records/actor.h"
#include "records/vault.h"

namespace mc::imaging {

struct ArchiveOptions {
  size_t max_instance_bytes = 64 * 1024 * 1024;
};

struct StoredInstance {
  std::string sop_class_uid;
  std::string sop_instance_uid;
  std::string study_instance_uid;
  std::string series_instance_uid;
  bool already_stored = false;  // the same SOP instance was there before
};

// Identifies one instance (the path of a WADO-RS URL).
struct InstancePath {
  std::string study;
  std::string series;
  std::string instance;
};

class ImageArchive {
 public:
  ImageArchive(Vault& vault, ArchiveOptions options = {});

  // STOW-RS: stores `parts` (Part 10 files) for one patient. `study` (from
  // the URL; "" for POST /studies) must be every part's study when given.
  StatusOr<std::vector<StoredInstance>> Store(
      const Actor& actor, const std::vector<std::string_view>& parts,
      const std::string& study);

  // QIDO-RS. `base_url` ends in "/dicomweb". Studies: of the patient named by
  // PatientID (without wildcards), or of every patient `actor` may search,
  // then matched (StudyMatches). Series and instances: SeriesMatches and
  // InstanceMatches.
  StatusOr<std::vector<nlohmann::json>> SearchStudies(
      const Actor& actor, const QidoQuery& query, const std::string& base_url);
  StatusOr<std::vector<nlohmann::json>> SearchSeries(
      const Actor& actor, const std::string& study, const QidoQuery& query,
      const std::string& base_url);
  StatusOr<std::vector<nlohmann::json>> SearchInstances(
      const Actor& actor, const std::string& study, const std::string& series,
      const QidoQuery& query, const std::string& base_url);

  // WADO-RS: the stored Part 10 bytes, unchanged.
  StatusOr<std::string> Retrieve(const Actor& actor, const InstancePath& path);
  // The instance's DICOM JSON (without bulk data).
  StatusOr<nlohmann::json> Metadata(const Actor& actor,
                                    const InstancePath& path);
  // Frame `frame_number` (1-based) as PNG through `window` (the header's or
  // the value range when nullopt).
  StatusOr<std::string> RenderFrame(const Actor& actor,
                                    const InstancePath& path,
                                    int64_t frame_number,
                                    const std::optional<Window>& window);

  // The FHIR ImagingStudy made from a study index, for `pseudonym`.
  static nlohmann::json ImagingStudyResource(const nlohmann::json& index,
                                             const std::string& pseudonym);

 private:
  struct FoundStudy {
    std::string pseudonym;
    VaultRecord record;  // the DicomStudyIndex
    nlohmann::json index;
  };
  // The study `study` among the studies `actor` may search (audited as
  // `action`); NotFound "study_not_found".
  StatusOr<FoundStudy> FindStudy(const Actor& actor, const std::string& study,
                                 const std::string& action);
  StatusOr<std::vector<FoundStudy>> Studies(
      const Actor& actor, const std::vector<std::string>& pseudonyms,
      const std::string& action, const std::string& resource);
  // The Part 10 bytes of the instance at `path` (one audited read).
  StatusOr<std::string> InstanceBytes(const Actor& actor,
                                      const InstancePath& path,
                                      const std::string& action);

  Vault& vault_;
  ArchiveOptions options_;
};

}  // namespace mc::imaging
