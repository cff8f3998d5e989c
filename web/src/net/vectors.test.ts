// The protocol golden vectors shared with the C++ tests: tests/vectors/
// protocol/index.json (written by generate.py from docs/protocol.md) lists
// valid frames with their decoded messages, invalid frames with their error
// codes, and quantization cases. Every frame must decode to the same result
// here, and every valid message must re-encode to the same bytes.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  closeCodeForDecodeError,
  decodeClientMessage,
  decodeServerMessage,
  encode,
  kActivityMuted,
  kActivitySeated,
  kActivitySpeaking,
  kActivityTyping,
  kActivityVoice,
  kAvatarColourCount,
  kAvatarShapeCount,
  kVoiceMaxPeers,
  kVoiceRadiusM,
  kVoiceReleaseM,
} from './codec';
import { kAvatarPalette, kAvatarShapes } from './avatar-looks';
import { packRotation, quantizeAxis } from './quantize';

const directory = resolve(__dirname, '../../../tests/vectors/protocol');
const indexPath = join(directory, 'index.json');

interface Index {
  limits?: Record<string, number>;
  rotations: Array<{ quaternion: [number, number, number, number]; packed: number }>;
  positions: Array<{ value: number; min: number; max: number; quantized: number }>;
  valid: Array<{ name: string; direction: 'client' | 'server'; file: string; message: Record<string, unknown> }>;
  invalid: Array<{ name: string; direction: 'client' | 'server'; file: string; error: string; close_code: number }>;
}

function frame(file: string): Uint8Array {
  const text = readFileSync(join(directory, file), 'utf8').replace(/\s+/g, '');
  return new Uint8Array((text.match(/../g) ?? []).map((pair) => parseInt(pair, 16)));
}

/**
 * `actual` in the vectors' shape: points as [x, y, z] arrays, and only the
 * fields the vector lists (the generator leaves defaults out).
 */
function project(expected: unknown, actual: unknown): unknown {
  if (Array.isArray(expected)) {
    if (actual && typeof actual === 'object' && !Array.isArray(actual) && 'x' in actual) {
      const point = actual as { x: number; y: number; z: number };
      return [point.x, point.y, point.z];
    }
    if (!Array.isArray(actual)) return actual;
    return expected.map((item, index) => project(item, actual[index]));
  }
  if (expected && typeof expected === 'object') {
    if (!actual || typeof actual !== 'object') return actual;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(expected)) {
      out[key] = project((expected as Record<string, unknown>)[key], (actual as Record<string, unknown>)[key]);
    }
    return out;
  }
  return actual;
}

const present = existsSync(indexPath);
describe.skipIf(!present)('golden vectors (tests/vectors/protocol)', () => {
  const index: Index = present ? JSON.parse(readFileSync(indexPath, 'utf8')) : { rotations: [], positions: [], valid: [], invalid: [] };

  it('has vectors', () => expect(index.valid.length + index.invalid.length).toBeGreaterThan(0));

  for (const vector of index.valid) {
    it(`valid ${vector.name}`, () => {
      const bytes = frame(vector.file);
      const decoded = vector.direction === 'client' ? decodeClientMessage(bytes) : decodeServerMessage(bytes);
      expect(decoded.ok ? 'ok' : `${decoded.code}: ${decoded.reason}`).toBe('ok');
      if (!decoded.ok) return;
      expect(project(vector.message, decoded.message)).toEqual(vector.message);
      expect(encode(decoded.message)).toEqual(bytes);
    });
  }

  for (const vector of index.invalid) {
    it(`invalid ${vector.name}`, () => {
      const bytes = frame(vector.file);
      const decoded = vector.direction === 'client' ? decodeClientMessage(bytes) : decodeServerMessage(bytes);
      expect(decoded.ok).toBe(false);
      if (decoded.ok) return;
      expect(decoded.code).toBe(vector.error);
      expect(closeCodeForDecodeError(decoded.code)).toBe(vector.close_code);
    });
  }

  it('avatar and voice limits match the server (version 6)', () => {
    expect(index.limits).toEqual({
      avatar_colours: kAvatarColourCount,
      avatar_shapes: kAvatarShapeCount,
      activity_typing: kActivityTyping,
      activity_speaking: kActivitySpeaking,
      activity_voice: kActivityVoice,
      activity_muted: kActivityMuted,
      activity_seated: kActivitySeated,
      voice_radius_m: kVoiceRadiusM,
      voice_release_m: kVoiceReleaseM,
      voice_max_peers: kVoiceMaxPeers,
    });
    expect(kAvatarPalette.length).toBe(kAvatarColourCount);
    expect(kAvatarShapes.length).toBe(kAvatarShapeCount);
  });

  it('rotations pack bit for bit', () => {
    for (const { quaternion, packed } of index.rotations) {
      const [x, y, z, w] = quaternion;
      expect(packRotation({ x, y, z, w }), JSON.stringify(quaternion)).toBe(packed);
    }
  });

  it('positions quantize bit for bit', () => {
    for (const { value, min, max, quantized } of index.positions) {
      expect(quantizeAxis(value, min, max), `${value} in ${min}..${max}`).toBe(quantized);
    }
  });
});
