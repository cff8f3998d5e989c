// A plain C ABI over the motion core: the bridge the browser calls in the
// WebAssembly build (web/src/rehab/motion-core.ts), compiled natively too so
// the same entry points are tested on both sides.
//
// Strings are UTF-8, NUL-terminated, owned by the caller. Output text (a
// result JSON or an error JSON {"error":{"code","message"}}) is held by the
// module and stays valid until the next call that writes output. Not
// thread-safe: one caller at a time (the browser's main thread; native
// callers serialise).
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

// Analyses a trace CSV (trace_csv.h) as one set. `target_deg` NaN means the
// exercise's default (any other value must pass TargetIsValid). Returns 0 with the result JSON
// (result_json.h) in mc_motion_output(), or 2 with an error JSON whose code
// is one of trace_csv.h's or "unknown_exercise", "unknown_side",
// "bad_target".
int mc_motion_analyse_csv(const char* csv, const char* exercise,
                          const char* side, double target_deg);

// The output text of the last call that wrote output.
const char* mc_motion_output(void);

// Live analysis, frame by frame. Open returns a handle > 0, or 0 with an
// error JSON in mc_motion_output(). At most 16 open at once.
int mc_motion_live_open(const char* exercise, const char* side,
                        double target_deg);

// Pushes one frame: `keypoints` holds 17 x (x, y, z, score) doubles in
// MoveNet order. Returns 0, or -1 for an unknown handle. The reading lands
// in mc_motion_live_reading(): [angle_deg (NaN: low confidence), phase
// (0 waiting for start, 1 at start, 2 moving, 3 target reached), rep count,
// partial count, too fast (0/1), closed (-1 none, 0 partial, 1 rep)].
int mc_motion_live_push(int handle, double t_ms, const double* keypoints,
                        int has_depth);
const double* mc_motion_live_reading(void);
enum { MC_MOTION_READING_LENGTH = 6 };

// Pushes one headset frame of a cervical-rotation set: the viewer pose's
// orientation quaternion (head_trace.h; any NaN, or a length not 1 +- 0.1:
// no tracking in this frame). Returns 0, or -1 for an unknown handle or a
// set of another exercise. The reading as mc_motion_live_push's.
int mc_motion_live_push_head(int handle, double t_ms, double qx, double qy,
                             double qz, double qw);

// Writes the set so far as result JSON to mc_motion_output(). Returns 0,
// or -1 for an unknown handle.
int mc_motion_live_result(int handle);

void mc_motion_live_close(int handle);

#ifdef __cplusplus
}
#endif
