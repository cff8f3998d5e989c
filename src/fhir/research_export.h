// De-identified exports for researchers (docs/fhir.md "Who may see what"):
// coded observations and conditions of every patient, with no names, no
// record or patient ids (each export numbers its subjects afresh, in random
// order), no free text and no dates finer than the year. Researchers get
// nothing else of patient data.
//
// Threading: thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/status.h"
#include "records/actor.h"
#include "records/vault.h"

namespace mc::fhir {

// Researchers only (PermissionDenied "access_denied" otherwise, audited).
// One audit record "research.export" per export.
StatusOr<nlohmann::json> ResearchExport(Vault& vault, AuditLog& audit, const Clock& clock,
                                        const Actor& actor);

}  // namespace mc::fhir
