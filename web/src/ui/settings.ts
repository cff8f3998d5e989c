// User settings, kept in localStorage on this device and applied to the
// document (text size, contrast). Defaults follow the device's own
// preferences (reduced motion).

import type { GraphicsSetting } from './graphics';

export type ViewMode = 'auto' | '3d' | '2d';
export type TextSize = 'normal' | 'large' | 'larger';
export type AvatarShape = 'round' | 'tall' | 'broad';
/** First person (your own eyes, the default) or third person (behind and above you). */
export type CameraMode = 'first' | 'third';

/** Proximity voice in low-data mode: mono Opus at 16 kbit/s, or off. */
export type LowDataVoice = 'mono16' | 'off';

export interface Settings {
  mode: ViewMode;
  lowData: boolean;
  lowDataVoice: LowDataVoice;
  /** Lighter graphics for weak devices: chosen from the device when 'auto' (graphics.ts). */
  graphics: GraphicsSetting;
  reducedMotion: boolean;
  textSize: TextSize;
  highContrast: boolean;
  avatarColour: string; // #rrggbb, one of net/avatar-looks kAvatarPalette
  avatarShape: AvatarShape;
  camera: CameraMode;
  comfortVignette: boolean;
  snapTurnDeg: number;
  /** Blood sugar in the body explorer: mg/dL or mmol/L. */
  glucoseUnit: 'mg/dL' | 'mmol/L';
  /** People nearer than 1 m are not drawn (spaces/personal-space.ts). */
  personalSpace: boolean;
}

import { kAvatarPalette, kAvatarShapes, paletteIndex, shapeIndex } from '../net/avatar-looks';

const kKey = 'metaclinic.settings.v1';

export function defaultSettings(): Settings {
  const reduced = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
  const contrast = typeof matchMedia === 'function' && matchMedia('(prefers-contrast: more)').matches;
  return {
    mode: 'auto',
    lowData: false,
    lowDataVoice: 'mono16',
    graphics: 'auto',
    reducedMotion: reduced,
    textSize: 'normal',
    highContrast: contrast,
    avatarColour: '#2a9d8f',
    avatarShape: 'round',
    camera: 'first',
    comfortVignette: true,
    snapTurnDeg: 30,
    glucoseUnit: 'mg/dL',
    personalSpace: false,
  };
}

export function loadSettings(): Settings {
  const defaults = defaultSettings();
  try {
    const saved = JSON.parse(localStorage.getItem(kKey) ?? '{}') as Partial<Settings>;
    const merged = { ...defaults, ...saved };
    if (merged.glucoseUnit !== 'mg/dL' && merged.glucoseUnit !== 'mmol/L') merged.glucoseUnit = defaults.glucoseUnit;
    // Colours saved before the palette snap to its nearest entry; everyone sees the same one.
    merged.avatarColour = kAvatarPalette[paletteIndex(String(merged.avatarColour))].hex;
    merged.avatarShape = kAvatarShapes[shapeIndex(String(merged.avatarShape))];
    if (merged.camera !== 'first' && merged.camera !== 'third') merged.camera = defaults.camera;
    if (merged.lowDataVoice !== 'mono16' && merged.lowDataVoice !== 'off') merged.lowDataVoice = defaults.lowDataVoice;
    if (!['auto', 'full', 'lighter'].includes(merged.graphics)) merged.graphics = defaults.graphics;
    merged.personalSpace = merged.personalSpace === true;
    return merged;
  } catch {
    return defaults;
  }
}

export function saveSettings(settings: Settings): void {
  try {
    localStorage.setItem(kKey, JSON.stringify(settings));
  } catch {
    // Private mode or storage full: settings last for this page only.
  }
}

export function applyDocumentSettings(settings: Settings): void {
  const root = document.documentElement;
  root.classList.toggle('text-large', settings.textSize === 'large');
  root.classList.toggle('text-larger', settings.textSize === 'larger');
  root.classList.toggle('high-contrast', settings.highContrast);
  root.classList.toggle('reduced-motion', settings.reducedMotion);
}

/** Why a 3D view cannot or should not be used, in words; '' when it can. */
export function webglProblem(): string {
  try {
    const canvas = document.createElement('canvas');
    const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
    if (!gl) return 'This browser or device has no WebGL, so the 3D view is not available.';
  } catch {
    return 'This browser or device has no WebGL, so the 3D view is not available.';
  }
  const memory = (navigator as Navigator & { deviceMemory?: number }).deviceMemory;
  if ((memory !== undefined && memory < 1) || (navigator.hardwareConcurrency ?? 4) < 2) {
    return 'This device looks too weak for the 3D view.';
  }
  return '';
}
