// The FHIR R4 routes (docs/fhir.md): /fhir/metadata, read, vread, search,
// create, update, Patient/$everything and erasure, with
// application/fhir+json bodies, ETag/If-Match versioning and
// OperationOutcome errors. The rules live in fhir/fhir_service.h.
#pragma once

#include "net/api.h"
#include "net/router.h"

namespace mc {

// When services.fhir is null the /fhir routes answer 503 "fhir_unavailable".
void AddFhirRoutes(Router& router, ApiServices& services);

}  // namespace mc
