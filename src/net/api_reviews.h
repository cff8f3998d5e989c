// Case reviews under /api/reviews (docs/api.md "Case reviews"): clinicians
// meeting around a patient's images. The review's index (who is invited,
// until when) is the store's case_reviews row, which the care policy reads
// to open the patient's images to invited colleagues; its contents
// (question, summary from the record, annotations, conclusion) are a vault
// record of type "CaseReview", audited like every record. The meeting's
// live state (presenter, view, pointers) is imaging::ReviewRooms.
#pragma once

#include "net/api.h"
#include "net/router.h"

namespace mc {

void AddReviewRoutes(Router& router, ApiServices& services);

}  // namespace mc
