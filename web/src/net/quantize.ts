// Quantization shared with the server (src/world/protocol.cpp): positions as
// 16 bits per axis inside a space's bounds, rotations as 32-bit "smallest
// three". The server computes in 32-bit floats, so every step here is rounded
// with Math.fround to give bit-identical results. Pure functions.

export interface Vec3 {
  x: number;
  y: number;
  z: number;
}

export interface Quat {
  x: number;
  y: number;
  z: number;
  w: number;
}

export interface Box3 {
  min: Vec3;
  max: Vec3;
}

const f = Math.fround;
const kRotationRange = f(0.70710678);
const kRotationSteps = 1023;

/** `value` clamped into [min, max] and mapped onto 0..65535. */
export function quantizeAxis(value: number, min: number, max: number): number {
  value = f(value);
  min = f(min);
  max = f(max);
  if (!(max > min)) return 0;
  if (!(value > min)) return 0; // also NaN
  if (value >= max) return 0xffff;
  const scaled = f(f(f(f(value - min) / f(max - min)) * 65535) + 0.5);
  return Math.min(Math.trunc(scaled), 65535);
}

export function dequantizeAxis(quantized: number, min: number, max: number): number {
  min = f(min);
  max = f(max);
  return f(min + f(f(max - min) * f(quantized / 65535)));
}

export function quantizePosition(position: Vec3, bounds: Box3): [number, number, number] {
  return [
    quantizeAxis(position.x, bounds.min.x, bounds.max.x),
    quantizeAxis(position.y, bounds.min.y, bounds.max.y),
    quantizeAxis(position.z, bounds.min.z, bounds.max.z),
  ];
}

export function dequantizePosition(
  x: number,
  y: number,
  z: number,
  bounds: Box3,
): Vec3 {
  return {
    x: dequantizeAxis(x, bounds.min.x, bounds.max.x),
    y: dequantizeAxis(y, bounds.min.y, bounds.max.y),
    z: dequantizeAxis(z, bounds.min.z, bounds.max.z),
  };
}

/**
 * Smallest three: bits 31-30 hold the index (x,y,z,w = 0..3) of the largest
 * component, which is made positive and dropped; the other three follow in
 * x,y,z,w order as 10-bit values over [-1/sqrt2, +1/sqrt2]. A zero-length
 * input packs as the identity.
 */
export function packRotation(rotation: Quat): number {
  const c = [f(rotation.x), f(rotation.y), f(rotation.z), f(rotation.w)];
  let length = f(
    Math.sqrt(f(f(f(f(c[0] * c[0]) + f(c[1] * c[1])) + f(c[2] * c[2])) + f(c[3] * c[3]))),
  );
  if (!(length > f(1e-6)) || !Number.isFinite(length)) {
    c[0] = c[1] = c[2] = 0;
    c[3] = 1;
    length = 1;
  }
  let largest = 0;
  for (let i = 0; i < 4; ++i) {
    c[i] = f(c[i] / length);
    if (Math.abs(c[i]) > Math.abs(c[largest])) largest = i;
  }
  const sign = c[largest] < 0 ? -1 : 1;
  let packed = largest * 2 ** 30;
  let shift = 20;
  for (let i = 0; i < 4; ++i) {
    if (i === largest) continue;
    const value = Math.min(Math.max(f(c[i] * sign), -kRotationRange), kRotationRange);
    const unit = f(f(value + kRotationRange) / f(2 * kRotationRange));
    const q = Math.trunc(f(f(unit * kRotationSteps) + 0.5));
    packed += Math.min(q, kRotationSteps) * 2 ** shift;
    shift -= 10;
  }
  return packed >>> 0;
}

export function unpackRotation(packed: number): Quat {
  packed >>>= 0;
  const largest = packed >>> 30;
  const c = [0, 0, 0, 0];
  let sum = 0;
  let shift = 20;
  for (let i = 0; i < 4; ++i) {
    if (i === largest) continue;
    const q = (packed >>> shift) & 0x3ff;
    shift -= 10;
    c[i] = f(f(f(q / kRotationSteps) * f(2 * kRotationRange)) - kRotationRange);
    sum = f(sum + f(c[i] * c[i]));
  }
  c[largest] = f(Math.sqrt(Math.max(0, f(1 - sum))));
  return { x: c[0], y: c[1], z: c[2], w: c[3] };
}

/**
 * A rotation of `yaw` radians about +y. As on the server (world_tick.cpp
 * YawRotation, loadgen), yaw 0 faces north (+z) and forward is (sin, cos).
 */
export function yawToQuat(yaw: number): Quat {
  return { x: 0, y: Math.sin(yaw / 2), z: 0, w: Math.cos(yaw / 2) };
}

/** The yaw (about +y) of `rotation`, in radians. */
export function quatToYaw(rotation: Quat): number {
  const { x, y, z, w } = rotation;
  return Math.atan2(2 * (w * y + x * z), 1 - 2 * (y * y + x * x));
}
