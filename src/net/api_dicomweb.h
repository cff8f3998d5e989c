// DICOMweb under /dicomweb (docs/api.md "DICOMweb"): STOW-RS, QIDO-RS and
// WADO-RS over the image archive (imaging/image_archive.h), authenticated by
// the session cookie like the rest of the API.
#pragma once

#include "net/api.h"
#include "net/router.h"

namespace mc {

void AddDicomwebRoutes(Router& router, ApiServices& services);

}  // namespace mc
