#include "sim/tissue/mesh_builders.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numbers>
#include <utility>

namespace mc::tissue {
namespace {

// Vertex (i, j, k) of a grid with `cells`; i wraps when `wrap_along`.
struct Grid {
  GridCells cells;
  bool wrap_along = false;
  int points_along() const { return wrap_along ? cells.along : cells.along + 1; }
  int32_t Index(int i, int j, int k) const {
    if (wrap_along) i %= cells.along;
    return static_cast<int32_t>((k * (cells.up + 1) + j) * points_along() + i);
  }
  int32_t VertexCount() const {
    return static_cast<int32_t>(points_along() * (cells.up + 1) *
                                (cells.across + 1));
  }
};

// Fills `mesh` with the Kuhn split of every cell of `grid`; positions come
// from `place(i, j, k)`, the material of a cell from `material_of_row(j)`.
void FillGrid(const Grid& grid,
              const std::function<Vec3(int, int, int)>& place,
              const std::function<uint8_t(int)>& material_of_row,
              TetMesh& mesh) {
  const int points_along = grid.points_along();
  mesh.rest_positions_m.resize(grid.VertexCount());
  for (int k = 0; k <= grid.cells.across; ++k) {
    for (int j = 0; j <= grid.cells.up; ++j) {
      for (int i = 0; i < points_along; ++i) {
        mesh.rest_positions_m[grid.Index(i, j, k)] = place(i, j, k);
      }
    }
  }
  mesh.pinned.assign(mesh.rest_positions_m.size(), 0);
  // The six paths from corner (0,0,0) to (1,1,1), one axis step at a time.
  static constexpr int kPaths[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2},
                                       {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
  for (int k = 0; k < grid.cells.across; ++k) {
    for (int j = 0; j < grid.cells.up; ++j) {
      for (int i = 0; i < grid.cells.along; ++i) {
        for (const auto& path : kPaths) {
          int corner[3] = {i, j, k};
          Tet tet;
          tet[0] = grid.Index(corner[0], corner[1], corner[2]);
          for (int step = 0; step < 3; ++step) {
            ++corner[path[step]];
            tet[step + 1] = grid.Index(corner[0], corner[1], corner[2]);
          }
          const auto& x = mesh.rest_positions_m;
          if (SixSignedVolume(x[tet[0]], x[tet[1]], x[tet[2]], x[tet[3]]) < 0) {
            std::swap(tet[2], tet[3]);
          }
          mesh.tets.push_back(tet);
          mesh.tet_materials.push_back(material_of_row(j));
        }
      }
    }
  }
}

}  // namespace

BeamMesh MakeBeam(const BeamOptions& options) {
  BeamMesh beam;
  const GridCells& cells = options.cells;
  Grid grid{cells, false};
  FillGrid(
      grid,
      [&](int i, int j, int k) {
        return Vec3(options.length_m * i / cells.along,
                    options.height_m * j / cells.up,
                    options.width_m * k / cells.across);
      },
      [](int) { return uint8_t{0}; }, beam.mesh);
  beam.mesh.materials = {options.material};
  for (int k = 0; k <= cells.across; ++k) {
    for (int j = 0; j <= cells.up; ++j) {
      beam.mesh.pinned[grid.Index(0, j, k)] = 1;
      beam.tip_vertices.push_back(grid.Index(cells.along, j, k));
    }
  }
  return beam;
}

TetMesh MakePad(const PadOptions& options) {
  TetMesh mesh;
  const GridCells& cells = options.cells;
  Grid grid{cells, false};
  const int skin_rows = std::max(
      1, static_cast<int>(std::lround(cells.up * options.layers.skin_fraction)));
  const int fat_rows =
      static_cast<int>(std::lround(cells.up * options.layers.fat_fraction));
  FillGrid(
      grid,
      [&](int i, int j, int k) {
        return Vec3(options.size_x_m * (static_cast<double>(i) / cells.along - 0.5),
                    options.thickness_m * j / cells.up,
                    options.size_z_m * (static_cast<double>(k) / cells.across - 0.5));
      },
      [&](int row) {
        const int from_top = cells.up - 1 - row;
        if (from_top < skin_rows) return uint8_t{0};
        if (from_top < skin_rows + fat_rows) return uint8_t{1};
        return uint8_t{2};
      },
      mesh);
  mesh.materials = {options.layers.skin, options.layers.fat,
                    options.layers.muscle};
  for (int k = 0; k <= cells.across; ++k) {
    for (int i = 0; i <= cells.along; ++i) mesh.pinned[grid.Index(i, 0, k)] = 1;
  }
  return mesh;
}

TetMesh MakeTube(const TubeOptions& options) {
  TetMesh mesh;
  // Grid axes: around (wrapping), through the wall, along the vessel.
  GridCells cells{options.cells_around, options.cells_wall, options.cells_along};
  Grid grid{cells, true};
  FillGrid(
      grid,
      [&](int i, int j, int k) {
        const double angle = 2 * std::numbers::pi * i / cells.along;
        const double radius =
            options.inner_radius_m + options.wall_m * j / cells.up;
        return Vec3(options.length_m * k / cells.across,
                    radius * std::cos(angle), radius * std::sin(angle));
      },
      [](int) { return uint8_t{0}; }, mesh);
  mesh.materials = {options.material};
  for (int j = 0; j <= cells.up; ++j) {
    for (int i = 0; i < cells.along; ++i) {
      mesh.pinned[grid.Index(i, j, 0)] = 1;
      mesh.pinned[grid.Index(i, j, cells.across)] = 1;
    }
  }
  return mesh;
}

}  // namespace mc::tissue
