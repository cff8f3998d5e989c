#include "sim/tissue/tissue_model.h"

#include <Eigen/LU>
#include <algorithm>
#include <cmath>

#include "sim/tissue/neo_hookean.h"
#include "sim/tissue/tool_collision.h"

namespace mc::tissue {

TissueModel BuildModel(TetMesh mesh) {
  TissueModel model;
  const size_t vertex_count = mesh.rest_positions_m.size();
  std::vector<double> masses(vertex_count, 0.0);
  model.elements.reserve(mesh.tets.size());
  for (size_t t = 0; t < mesh.tets.size(); ++t) {
    const Tet& tet = mesh.tets[t];
    const auto& x = mesh.rest_positions_m;
    Mat3 edges;
    edges.col(0) = x[tet[1]] - x[tet[0]];
    edges.col(1) = x[tet[2]] - x[tet[0]];
    edges.col(2) = x[tet[3]] - x[tet[0]];
    const double volume = edges.determinant() / 6;
    const Material& material = mesh.materials[mesh.tet_materials[t]];
    const NeoHookeanCompliance compliance = ComplianceOf(material);
    TetElement element;
    element.vertices = tet;
    element.rest_inverse = edges.inverse();
    element.deviatoric_compliance = compliance.deviatoric_per_m3 / volume;
    element.hydrostatic_compliance = compliance.hydrostatic_per_m3 / volume;
    model.elements.push_back(element);
    for (int32_t v : tet) masses[v] += material.density_kg_m3 * volume / 4;
  }
  model.inverse_masses.resize(vertex_count);
  for (size_t v = 0; v < vertex_count; ++v) {
    model.inverse_masses[v] =
        mesh.pinned[v] || masses[v] <= 0 ? 0.0 : 1 / masses[v];
  }
  model.surface_faces = BoundaryFaces(mesh);
  for (const auto& face : model.surface_faces) {
    model.surface_vertices.insert(model.surface_vertices.end(), face.begin(),
                                  face.end());
  }
  std::sort(model.surface_vertices.begin(), model.surface_vertices.end());
  model.surface_vertices.erase(std::unique(model.surface_vertices.begin(),
                                           model.surface_vertices.end()),
                               model.surface_vertices.end());
  model.mesh = std::move(mesh);
  return model;
}

TissueState RestState(const TissueModel& model) {
  TissueState state;
  state.positions_m = model.mesh.rest_positions_m;
  state.velocities_m_s.assign(state.positions_m.size(), Vec3::Zero());
  return state;
}

TissueState Step(const TissueModel& model, const TissueState& state,
                 const StepInputs& inputs, double dt_s,
                 const StepOptions& options) {
  TissueState next = state;
  const size_t vertex_count = next.positions_m.size();
  const double substep = dt_s / options.substeps;
  const double inverse_dt2 = 1 / (substep * substep);
  const double velocity_keep = std::exp(-options.damping_per_s * substep);
  const Vec3 gravity_step = options.gravity_m_s2 * substep;
  std::vector<Vec3> previous(vertex_count);
  std::vector<double> tet_multipliers(model.elements.size() * 2);
  std::vector<double> attachment_multipliers(inputs.attachments.size());
  for (int s = 0; s < options.substeps; ++s) {
    for (size_t v = 0; v < vertex_count; ++v) {
      previous[v] = next.positions_m[v];
      if (model.inverse_masses[v] == 0) continue;
      Vec3& velocity = next.velocities_m_s[v];
      velocity = (velocity + gravity_step) * velocity_keep;
      next.positions_m[v] += velocity * substep;
    }
    std::fill(tet_multipliers.begin(), tet_multipliers.end(), 0.0);
    std::fill(attachment_multipliers.begin(), attachment_multipliers.end(),
              0.0);
    for (int iteration = 0; iteration < options.iterations; ++iteration) {
      for (size_t e = 0; e < model.elements.size(); ++e) {
        ProjectNeoHookean(model.elements[e], model.inverse_masses, inverse_dt2,
                          next.positions_m, &tet_multipliers[2 * e]);
      }
      ProjectAttachments(model, inputs.attachments, inverse_dt2,
                         next.positions_m, attachment_multipliers);
      ResolveToolContacts(model, inputs, next.positions_m);
    }
    for (size_t v = 0; v < vertex_count; ++v) {
      if (model.inverse_masses[v] == 0) continue;
      next.velocities_m_s[v] = (next.positions_m[v] - previous[v]) / substep;
    }
  }
  return next;
}

double CurrentVolume(const TissueModel& model,
                     const std::vector<Vec3>& positions) {
  double six_volume = 0;
  for (const Tet& tet : model.mesh.tets) {
    six_volume += SixSignedVolume(positions[tet[0]], positions[tet[1]],
                                  positions[tet[2]], positions[tet[3]]);
  }
  return six_volume / 6;
}

}  // namespace mc::tissue
