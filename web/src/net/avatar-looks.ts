// How each avatar looks and what it is doing (protocol versions 5 and 6):
// the palette colour and body shape people choose in Settings, the typing
// and speaking indicators, and (version 6) whether they are in proximity
// voice, muted, or seated. Engine-agnostic: the renderer reads `lookOf`; the
// realtime client feeds `receive` and forwards what `flush` sends. Looks
// travel once per join and on change (avatar_info), never in snapshots.
// Single-threaded; time is handed in.

import {
  kActivityMuted,
  kActivitySeated,
  kActivitySpeaking,
  kActivityTyping,
  kActivityVoice,
  kAvatarColourCount,
  kAvatarShapeCount,
  kAvatarVersion,
  kVoiceVersion,
  type AvatarInfo,
  type ClientMessage,
} from './messages';

/** The palette, index = wire value; colours apart for the common colour-vision types (Okabe-Ito based). */
export const kAvatarPalette: ReadonlyArray<{ hex: string; name: string }> = [
  { hex: '#2a9d8f', name: 'Teal' },
  { hex: '#0072b2', name: 'Blue' },
  { hex: '#e69f00', name: 'Orange' },
  { hex: '#56b4e9', name: 'Sky blue' },
  { hex: '#d55e00', name: 'Vermilion' },
  { hex: '#cc79a7', name: 'Pink' },
  { hex: '#f0e442', name: 'Yellow' },
  { hex: '#4d5560', name: 'Charcoal' },
];
/** Body shapes, index = wire value. */
export const kAvatarShapes = ['round', 'tall', 'broad'] as const;
export type AvatarShapeName = (typeof kAvatarShapes)[number];

export interface AvatarLook {
  colour: number; // palette index
  shape: number; // kAvatarShapes index
  typing: boolean;
  speaking: boolean;
  /** Version 6: takes part in proximity voice; muted there; sitting on a chair. */
  voice: boolean;
  muted: boolean;
  seated: boolean;
}

export const kDefaultLook: AvatarLook = Object.freeze({
  colour: 0,
  shape: 0,
  typing: false,
  speaking: false,
  voice: false,
  muted: false,
  seated: false,
});

/** Activity changes are sent at most this often (the server allows 4/s). */
export const kActivityIntervalMs = 500;

/** Palette index of a #rrggbb colour: exact, else the nearest. */
export function paletteIndex(hex: string): number {
  const rgb = (value: string) => {
    const match = /^#?([0-9a-f]{6})$/i.exec(value.trim());
    if (!match) return undefined;
    const n = parseInt(match[1], 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  };
  const wanted = rgb(hex);
  if (!wanted) return 0;
  let best = 0;
  let bestDistance = Infinity;
  kAvatarPalette.forEach((entry, index) => {
    const [r, g, b] = rgb(entry.hex)!;
    const distance = (r - wanted[0]) ** 2 + (g - wanted[1]) ** 2 + (b - wanted[2]) ** 2;
    if (distance < bestDistance) {
      bestDistance = distance;
      best = index;
    }
  });
  return best;
}

export function shapeIndex(shape: string): number {
  const index = kAvatarShapes.indexOf(shape as AvatarShapeName);
  return index >= 0 ? index : 0;
}

export class AvatarLooks {
  private readonly looks = new Map<number, AvatarLook>();
  private readonly heard = new Map<number, boolean>(); // speaking as heard here (voice), over what they send
  private version = 0;
  private style = { colour: 0, shape: 0 };
  private styleSent = false;
  private activity = 0; // wanted kActivity* bits
  private sentActivity = 0;
  private lastActivityAt = -Infinity;

  constructor(private readonly send: (message: ClientMessage) => void) {}

  /** The look of `entity`; the default for anyone who never sent one. */
  lookOf(entity: number): AvatarLook {
    const look = this.looks.get(entity) ?? kDefaultLook;
    const heard = this.heard.get(entity);
    return heard === undefined || heard === look.speaking ? look : { ...look, speaking: heard };
  }

  /**
   * Whether we hear `entity` speaking over a voice connection (their audio
   * level, sooner than their activity bit); undefined: as they say.
   */
  hear(entity: number, speaking: boolean | undefined): void {
    if (speaking === undefined) this.heard.delete(entity);
    else this.heard.set(entity, speaking);
  }

  /** Whether the server speaks version 5 (else looks stay local and everyone is the default). */
  get supported(): boolean {
    return this.version >= kAvatarVersion;
  }

  /** After welcome: the negotiated version; our style goes out at once. */
  connected(version: number): void {
    this.version = version;
    this.styleSent = false;
    this.sentActivity = 0;
    this.lastActivityAt = -Infinity;
    this.sendStyle();
  }

  /** A new space: the server clears our activity there (we stand up), and sends the others' looks again. */
  joined(): void {
    this.looks.clear();
    this.heard.clear();
    this.sentActivity = 0;
    this.activity &= ~kActivitySeated;
  }

  receive(info: AvatarInfo): void {
    this.looks.set(info.entity, {
      colour: info.colour < kAvatarColourCount ? info.colour : 0,
      shape: info.shape < kAvatarShapeCount ? info.shape : 0,
      typing: (info.activity & kActivityTyping) !== 0,
      speaking: (info.activity & kActivitySpeaking) !== 0,
      voice: (info.activity & kActivityVoice) !== 0,
      muted: (info.activity & kActivityMuted) !== 0,
      seated: (info.activity & kActivitySeated) !== 0,
    });
  }

  setStyle(colour: number, shape: number): void {
    const next = { colour: clampIndex(colour, kAvatarColourCount), shape: clampIndex(shape, kAvatarShapeCount) };
    if (next.colour === this.style.colour && next.shape === this.style.shape && this.styleSent) return;
    this.style = next;
    this.styleSent = false;
    this.sendStyle();
  }

  setTyping(typing: boolean, now: number): void {
    this.setActivityBit(kActivityTyping, typing, now);
  }

  /** For the voice feature: a local audio level above a threshold. */
  setSpeaking(speaking: boolean, now: number): void {
    this.setActivityBit(kActivitySpeaking, speaking, now);
  }

  /** Whether the server speaks version 6 (voice, muted, seated). */
  get voiceSupported(): boolean {
    return this.version >= kVoiceVersion;
  }

  /** Proximity voice on (the server relays voice signaling only then) and whether the microphone is muted. */
  setVoice(on: boolean, muted: boolean, now: number): void {
    this.activity = on ? this.activity | kActivityVoice : this.activity & ~(kActivityVoice | kActivityMuted);
    this.setActivityBit(kActivityMuted, on && muted, now);
  }

  /** Sitting on a chair (drawn sitting for everyone). */
  setSeated(seated: boolean, now: number): void {
    this.setActivityBit(kActivitySeated, seated, now);
  }

  get typing(): boolean {
    return (this.activity & kActivityTyping) !== 0;
  }

  /** Our own speaking indicator (the voice feature sets it from the microphone). */
  get speaking(): boolean {
    return (this.activity & kActivitySpeaking) !== 0;
  }

  /** Whether our proximity voice is on, and muted (set by setVoice). */
  get voice(): boolean {
    return (this.activity & kActivityVoice) !== 0;
  }

  get muted(): boolean {
    return (this.activity & kActivityMuted) !== 0;
  }

  /** Whether we sit (set by setSeated, cleared by a join). */
  get seated(): boolean {
    return (this.activity & kActivitySeated) !== 0;
  }

  /**
   * Whether every activity change has gone out, so a message sent now reaches
   * the server after it (proximity voice offers only once its voice bit is there).
   */
  get activitySent(): boolean {
    return !this.supported || this.wantedActivity() === this.sentActivity;
  }

  /** Sends a pending activity change once the interval allows; call every frame. */
  flush(now: number): void {
    const wanted = this.wantedActivity();
    if (!this.supported || wanted === this.sentActivity) return;
    if (now - this.lastActivityAt < kActivityIntervalMs) return;
    this.lastActivityAt = now;
    this.sentActivity = wanted;
    this.send({ type: 'activity', flags: wanted });
  }

  private wantedActivity(): number {
    // A version-5 server knows only typing and speaking.
    return this.voiceSupported ? this.activity : this.activity & (kActivityTyping | kActivitySpeaking);
  }

  private setActivityBit(bit: number, on: boolean, now: number): void {
    this.activity = on ? this.activity | bit : this.activity & ~bit;
    this.flush(now);
  }

  private sendStyle(): void {
    if (!this.supported || this.styleSent) return;
    this.styleSent = true;
    this.send({ type: 'avatar_style', colour: this.style.colour, shape: this.style.shape });
  }
}

function clampIndex(value: number, count: number): number {
  return Number.isInteger(value) && value >= 0 && value < count ? value : 0;
}
