// Internal to the tissue engine: pushing vertices out of tools and pulling
// attached vertices towards their targets, one Gauss-Seidel pass each.
#pragma once

#include <vector>

#include "sim/tissue/tissue_model.h"

namespace mc::tissue {

// Closest point to `point` on the segment a-b.
Vec3 ClosestPointOnSegment(const Vec3& point, const Vec3& a, const Vec3& b);

// Moves every movable surface vertex that lies inside a tool to the tool's
// surface, along the direction from the tool's axis (straight up when the
// vertex sits exactly on it).
void ResolveToolContacts(const TissueModel& model, const StepInputs& inputs,
                         std::vector<Vec3>& positions);

// One XPBD pass over the attachments; `multipliers` holds one per
// attachment, zeroed by the caller at each substep.
void ProjectAttachments(const TissueModel& model,
                        const std::vector<Attachment>& attachments,
                        double inverse_dt2, std::vector<Vec3>& positions,
                        std::vector<double>& multipliers);

}  // namespace mc::tissue
