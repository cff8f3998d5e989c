// multipart/related bodies (RFC 2387) as DICOMweb uses them: STOW-RS
// requests and WADO-RS responses. Pure; the parts are views into the body.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace mc {

// The parts of `body`, sent with Content-Type `content_type`
// ("multipart/related; type=\"application/dicom\"; boundary=..."). Every part
// must be `part_type` (a part without Content-Type counts as the type
// parameter's). InvalidArgument "unsupported_media_type" (not
// multipart/related, or a type other than `part_type`), "invalid_multipart"
// (no boundary, a part not closed, no closing delimiter).
StatusOr<std::vector<std::string_view>> SplitMultipartRelated(
    const std::string& content_type, std::string_view body,
    std::string_view part_type);

// A multipart/related body of `parts`, each with Content-Type `part_type`,
// separated by `boundary`; the matching Content-Type is
// MultipartContentType(part_type, boundary).
std::string JoinMultipartRelated(const std::vector<std::string_view>& parts,
                                 std::string_view part_type,
                                 std::string_view boundary);
std::string MultipartContentType(std::string_view part_type,
                                 std::string_view boundary);

}  // namespace mc
