#include "sim/tissue/tissue_c_api.h"

#include <cmath>
#include <memory>
#include <new>
#include <vector>

#include "sim/tissue/mesh_builders.h"
#include "sim/tissue/tissue_model.h"

struct McTissuePad {
  mc::tissue::TissueModel model;
  mc::tissue::TissueState state;
  std::vector<float> positions;
};

namespace {

void CopyPositions(McTissuePad& pad) {
  pad.positions.resize(pad.state.positions_m.size() * 3);
  for (size_t v = 0; v < pad.state.positions_m.size(); ++v) {
    for (int axis = 0; axis < 3; ++axis) {
      pad.positions[3 * v + axis] =
          static_cast<float>(pad.state.positions_m[v][axis]);
    }
  }
}

bool InRange(double value, double low, double high) {
  return std::isfinite(value) && value >= low && value <= high;
}

}  // namespace

extern "C" {

McTissuePad* mc_tissue_pad_create(int cells_x, int cells_y, int cells_z,
                                  double size_x_m, double thickness_m,
                                  double size_z_m) {
  for (int cells : {cells_x, cells_y, cells_z}) {
    if (cells < 1 || cells > 200) return nullptr;
  }
  for (double size : {size_x_m, thickness_m, size_z_m}) {
    if (!InRange(size, 1e-3, 10)) return nullptr;
  }
  mc::tissue::PadOptions options;
  options.size_x_m = size_x_m;
  options.thickness_m = thickness_m;
  options.size_z_m = size_z_m;
  options.cells = {cells_x, cells_y, cells_z};
  auto* pad = new (std::nothrow) McTissuePad;
  if (pad == nullptr) return nullptr;
  pad->model = mc::tissue::BuildModel(mc::tissue::MakePad(options));
  pad->state = mc::tissue::RestState(pad->model);
  CopyPositions(*pad);
  return pad;
}

void mc_tissue_pad_destroy(McTissuePad* pad) { delete pad; }

int mc_tissue_pad_step(McTissuePad* pad, double dt_s, double sphere_x_m,
                       double sphere_y_m, double sphere_z_m,
                       double sphere_radius_m) {
  if (pad == nullptr || !InRange(dt_s, 1e-6, 0.1) ||
      !InRange(sphere_radius_m, 0, 1)) {
    return 0;
  }
  for (double c : {sphere_x_m, sphere_y_m, sphere_z_m}) {
    if (!InRange(c, -100, 100)) return 0;
  }
  mc::tissue::StepInputs inputs;
  inputs.spheres.push_back(
      {mc::tissue::Vec3(sphere_x_m, sphere_y_m, sphere_z_m), sphere_radius_m});
  pad->state = mc::tissue::Step(pad->model, pad->state, inputs, dt_s, {});
  CopyPositions(*pad);
  return 1;
}

int mc_tissue_pad_vertex_count(const McTissuePad* pad) {
  return pad == nullptr ? 0 : static_cast<int>(pad->state.positions_m.size());
}

int mc_tissue_pad_tet_count(const McTissuePad* pad) {
  return pad == nullptr ? 0 : static_cast<int>(pad->model.mesh.tets.size());
}

const float* mc_tissue_pad_positions(const McTissuePad* pad) {
  return pad == nullptr ? nullptr : pad->positions.data();
}

}  // extern "C"
