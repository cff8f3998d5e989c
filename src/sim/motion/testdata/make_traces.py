#!/usr/bin/env python3
"""Writes the golden keypoint traces (synthetic, deterministic) that the
native tests (result_json_test.cpp) and the WebAssembly tests
(web/src/rehab/motion-core.test.ts) both analyse; golden.txt lists each with
its arguments and the expected JSON beside it is the native CLI's output.

Run from this folder: python3 make_traces.py (then regenerate the .json
files with `metaclinic motion analyse` and review the diff)."""
import math
import random

NAMES = ["nose", "leftEye", "rightEye", "leftEar", "rightEar", "leftShoulder",
         "rightShoulder", "leftElbow", "rightElbow", "leftWrist", "rightWrist",
         "leftHip", "rightHip", "leftKnee", "rightKnee", "leftAnkle",
         "rightAnkle"]


def profile(t, reps):
    """Angle at t (s) for a list of (start_s, duration_s, peak, rest)."""
    for start, duration, peak, rest in reps:
        if start <= t < start + duration:
            u = (t - start) / duration
            return rest + (peak - rest) * (1 - math.cos(2 * math.pi * u)) / 2
    return reps[0][3]


def body(angle_of, t, rng, view, exercise):
    """Keypoints (x, y, z or None, score) by name; y down, pixels for 2D."""
    a = math.radians(angle_of(t))
    pts = {}
    # Body frame: x left, y up, z forward (metres).
    sh, hp = (0.17, 1.45), (0.27, 0.95)
    for side, s in (("left", 1), ("right", -1)):
        pts[side + "Shoulder"] = (s * sh[0], sh[1], 0)
        pts[side + "Hip"] = (s * hp[0], hp[1], 0)
        pts[side + "Elbow"] = (s * sh[0], sh[1] - 0.30, 0)
        pts[side + "Wrist"] = (s * sh[0], sh[1] - 0.56, 0)
        pts[side + "Knee"] = (s * hp[0], hp[1] - 0.44, 0)
        pts[side + "Ankle"] = (s * hp[0], hp[1] - 0.86, 0)
    for n, off in (("nose", (0, 1.65, 0.08)), ("leftEye", (0.03, 1.68, 0.07)),
                   ("rightEye", (-0.03, 1.68, 0.07)), ("leftEar", (0.07, 1.67, 0)),
                   ("rightEar", (-0.07, 1.67, 0))):
        pts[n] = off
    if exercise == "knee-extension":  # seated: thigh forward, shank swings
        hx, hy, _ = pts["rightHip"]
        knee = (hx, hy, 0.44)
        pts["rightKnee"] = knee
        # the shank at flexion a from the thigh (which points forward)
        pts["rightAnkle"] = (hx, hy - 0.42 * math.sin(a), 0.44 + 0.42 * math.cos(a))
    if exercise == "shoulder-abduction":
        x, y, _ = pts["leftShoulder"]
        pts["leftElbow"] = (x + 0.30 * math.sin(a), y - 0.30 * math.cos(a), 0)
        pts["leftWrist"] = (x + 0.56 * math.sin(a), y - 0.56 * math.cos(a), 0)
    if exercise == "elbow-flexion":
        x, y, _ = pts["rightElbow"]
        pts["rightWrist"] = (x, y - 0.26 * math.cos(a), 0.26 * math.sin(a))
    out = {}
    yaw = math.radians(30)
    for n, (x, y, z) in pts.items():
        if view == "3d":
            rx, rz = x * math.cos(yaw) + z * math.sin(yaw), -x * math.sin(yaw) + z * math.cos(yaw)
            p = (rx + rng.gauss(0, 0.004), -y + rng.gauss(0, 0.004), 2.4 + rz + rng.gauss(0, 0.004))
        elif view == "side":
            p = (320 + 412.5 * z + rng.gauss(0, 1.2), 700 - 412.5 * y + rng.gauss(0, 1.2), None)
        else:
            p = (320 - 412.5 * x + rng.gauss(0, 1.2), 700 - 412.5 * y + rng.gauss(0, 1.2), None)
        out[n] = (p, round(0.6 + 0.35 * rng.random(), 3))
    return out


def write(path, exercise, view, reps, seconds, rate_hz, low=None, seed=1):
    rng = random.Random(seed)
    columns = ["t_ms"] + [f"{n}_{c}" for n in NAMES for c in ("x", "y", "z", "score")]
    lines = [",".join(columns)]
    steps = int(seconds * rate_hz)
    for i in range(steps):
        t = i / rate_hz
        pts = body(lambda s: profile(s, reps), t, rng, view, exercise)
        row = [f"{round(t * 1000, 1):g}"]
        for n in NAMES:
            (x, y, z), score = pts[n]
            if low and low[0] <= t < low[1] and n in low[2]:
                score = 0.12
            row += [f"{x:.4f}", f"{y:.4f}", "" if z is None else f"{z:.4f}", f"{score}"]
        lines.append(",".join(row))
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


# Seated right knee extension, 2D side view at 30 Hz: 4 full reps (to 5..8
# degrees), one partial (to 45), and a low-confidence second in the middle.
write("knee_extension_2d.csv", "knee-extension", "side",
      [(1.0, 2.4, 6, 90), (4.2, 2.0, 8, 90), (7.0, 2.6, 45, 90),
       (10.5, 2.2, 5, 90), (13.5, 1.1, 7, 90)],
      16, 30, low=(8.9, 9.9, {"rightAnkle"}), seed=7)
# Left shoulder abduction, 3D (turned 30 degrees) at 15 Hz, target 90:
# 3 full reps, 1 partial to 60.
write("shoulder_abduction_3d.csv", "shoulder-abduction", "3d",
      [(0.8, 3.0, 105, 0), (4.5, 3.0, 60, 0), (8.0, 2.8, 98, 0), (11.5, 3.2, 110, 0)],
      15.5, 15, seed=11)
# Right elbow flexion, 2D side view at 24 Hz, target 110 given by the
# therapist: 3 reps to 130, 1 partial to 95 (short of 110).
write("elbow_flexion_2d.csv", "elbow-flexion", "side",
      [(0.5, 2.0, 130, 0), (3.0, 2.0, 95, 0), (5.5, 1.6, 128, 0), (8.0, 2.2, 132, 0)],
      11, 24, seed=3)
