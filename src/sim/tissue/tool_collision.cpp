#include "sim/tissue/tool_collision.h"

#include <algorithm>
#include <cmath>

namespace mc::tissue {
namespace {

// Pushes `position` out of the ball of `radius` around `center`.
void PushOut(const Vec3& center, double radius, Vec3& position) {
  const Vec3 offset = position - center;
  const double distance2 = offset.squaredNorm();
  if (distance2 >= radius * radius) return;
  const double distance = std::sqrt(distance2);
  if (distance > 1e-12) {
    position = center + offset * (radius / distance);
  } else {
    position = center + Vec3(0, radius, 0);
  }
}

}  // namespace

Vec3 ClosestPointOnSegment(const Vec3& point, const Vec3& a, const Vec3& b) {
  const Vec3 axis = b - a;
  const double length2 = axis.squaredNorm();
  if (length2 <= 0) return a;
  const double t = std::clamp((point - a).dot(axis) / length2, 0.0, 1.0);
  return a + axis * t;
}

void ResolveToolContacts(const TissueModel& model, const StepInputs& inputs,
                         std::vector<Vec3>& positions) {
  if (inputs.spheres.empty() && inputs.capsules.empty()) return;
  for (int32_t vertex : model.surface_vertices) {
    if (model.inverse_masses[vertex] == 0) continue;
    Vec3& position = positions[vertex];
    for (const SphereTool& sphere : inputs.spheres) {
      PushOut(sphere.center_m, sphere.radius_m, position);
    }
    for (const CapsuleTool& capsule : inputs.capsules) {
      PushOut(ClosestPointOnSegment(position, capsule.a_m, capsule.b_m),
              capsule.radius_m, position);
    }
  }
}

void ProjectAttachments(const TissueModel& model,
                        const std::vector<Attachment>& attachments,
                        double inverse_dt2, std::vector<Vec3>& positions,
                        std::vector<double>& multipliers) {
  for (size_t a = 0; a < attachments.size(); ++a) {
    const Attachment& attachment = attachments[a];
    const double w = model.inverse_masses[attachment.vertex];
    if (w == 0) continue;
    Vec3& position = positions[attachment.vertex];
    const Vec3 offset = position - attachment.target_m;
    const double distance = offset.norm();
    if (distance < 1e-12) continue;
    const double alpha = attachment.compliance_m_per_n * inverse_dt2;
    const double delta =
        (-distance - alpha * multipliers[a]) / (w + alpha);
    multipliers[a] += delta;
    position += offset * (w * delta / distance);
  }
}

}  // namespace mc::tissue
