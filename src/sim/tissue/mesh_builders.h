// Procedural tetrahedral meshes (no mesher, no outside files): a beam for
// validation, a layered tissue pad for the skills lab, a tube for a vessel.
//
// Each builder fills a regular grid of hexahedral cells and splits every
// cell into six tetrahedra around its main diagonal (the Kuhn split, which
// conforms across neighbouring cells), so every mesh passes
// FindMeshProblem. Axes: x along, y up (against gravity), z across, metres.
//
// REQUIRES: sizes > 0 and cell counts >= 1 (the tube: >= 3 around); callers
// validate outside input first (cantilever.h, pad_bench.h).
#pragma once

#include <vector>

#include "sim/tissue/tet_mesh.h"

namespace mc::tissue {

struct GridCells {
  int along = 1;   // x
  int up = 1;      // y
  int across = 1;  // z
};

struct BeamOptions {
  double length_m = 1;
  double height_m = 0.1;
  double width_m = 0.1;
  GridCells cells;
  Material material;
};

// A box [0, L] x [0, H] x [0, W], one material, the face x = 0 pinned (a
// clamp). `tip_vertices` are the vertices of the free end face x = L.
struct BeamMesh {
  TetMesh mesh;
  std::vector<int32_t> tip_vertices;
};
BeamMesh MakeBeam(const BeamOptions& options);

// The pad's layers, top to bottom. Defaults: small-strain moduli in the range
// reported for skin, subcutaneous fat and skeletal muscle.
struct PadLayers {
  Material skin{150e3, 0.45, 1100};
  Material fat{10e3, 0.47, 920};
  Material muscle{40e3, 0.47, 1060};
  double skin_fraction = 0.15;  // of the cell rows, at least one row
  double fat_fraction = 0.35;   // the rest is muscle
};

struct PadOptions {
  double size_x_m = 0.10;
  double thickness_m = 0.03;
  double size_z_m = 0.10;
  GridCells cells{16, 5, 16};
  PadLayers layers;
};

// A pad [-X/2, X/2] x [0, T] x [-Z/2, Z/2] lying on a table: its bottom face
// pinned; materials 0 = skin, 1 = fat, 2 = muscle by cell row.
TetMesh MakePad(const PadOptions& options);

struct TubeOptions {
  double length_m = 0.08;
  double inner_radius_m = 0.003;
  double wall_m = 0.001;
  int cells_around = 16;  // >= 3
  int cells_wall = 1;
  int cells_along = 24;
  Material material{300e3, 0.45, 1060};  // arterial wall, small strain
};

// A vessel along x: a thick-walled tube, both end rings pinned.
TetMesh MakeTube(const TubeOptions& options);

}  // namespace mc::tissue
