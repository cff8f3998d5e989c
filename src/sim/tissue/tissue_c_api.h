/* A C API over the tissue engine for a WebAssembly build (docs/tissue.md
 * "WebAssembly"): one pad, stepped with one sphere tool, its vertex
 * positions readable as a float array for rendering. Handles are opaque;
 * every function accepts a null handle and then does nothing (returns 0).
 * Not thread-safe per handle. scripts/build-web-wasm builds it for the
 * browser (web/src/skills/tissue-core.ts); the golden run in
 * testdata/pad_press.json holds native and WebAssembly to the same states. */
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

typedef struct McTissuePad McTissuePad;

/* A layered pad of cells_x * cells_y * cells_z cells (each 1..200), size in
 * metres; null when out of range. */
McTissuePad* mc_tissue_pad_create(int cells_x, int cells_y, int cells_z,
                                  double size_x_m, double thickness_m,
                                  double size_z_m);
void mc_tissue_pad_destroy(McTissuePad* pad);

/* One step of dt_s (0 < dt_s <= 0.1) with a sphere tool; returns 1 when
 * stepped, 0 on bad arguments. */
int mc_tissue_pad_step(McTissuePad* pad, double dt_s, double sphere_x_m,
                       double sphere_y_m, double sphere_z_m,
                       double sphere_radius_m);

int mc_tissue_pad_vertex_count(const McTissuePad* pad);
int mc_tissue_pad_tet_count(const McTissuePad* pad);
/* x, y, z per vertex, refreshed by each step; valid until the next step or
 * destroy. */
const float* mc_tissue_pad_positions(const McTissuePad* pad);

#ifdef __cplusplus
}
#endif
