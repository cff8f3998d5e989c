// The "lighter graphics" choice: the user's setting (automatic, full or
// lighter) and, when automatic, what this device looks like, resolved into
// one decision with its reason in words for the Settings panel. Pure: the
// device is described by the caller (deviceHints() reads the browser), so
// tests can hand in any device.

export type GraphicsSetting = 'auto' | 'full' | 'lighter';

export interface DeviceHints {
  /** navigator.hardwareConcurrency (undefined where the browser hides it). */
  cores?: number;
  /** navigator.deviceMemory in GB (Chromium only; capped at 8 there). */
  memoryGb?: number;
  /** The screen's shorter side in CSS pixels. */
  screenShortSidePx?: number;
  /** WebGL's renderer string when the browser tells it ("SwiftShader", "Mali-G52"). */
  gpuRenderer?: string;
  /** This device's earlier 3D frames were slow (remembered by the 3D view). */
  measuredSlow?: boolean;
}

export interface GraphicsChoice {
  lighter: boolean;
  /** "Lighter graphics: on (chosen automatically because …)." */
  words: string;
}

const kSoftwareRenderer = /swiftshader|llvmpipe|softpipe|software|basic render/i;

/** Why this device should get lighter graphics, or '' when it need not. */
export function weakDeviceReason(device: DeviceHints): string {
  if (device.gpuRenderer && kSoftwareRenderer.test(device.gpuRenderer)) return 'this browser draws 3D in software, without a graphics chip';
  if (device.measuredSlow) return 'the 3D view was slow on this device';
  if (device.cores !== undefined && device.cores <= 4) return `this device has ${device.cores} processor cores`;
  if (device.memoryGb !== undefined && device.memoryGb <= 4) return `this device has ${device.memoryGb} GB of memory`;
  if (device.screenShortSidePx !== undefined && device.screenShortSidePx < 500) return 'this is a phone-sized screen';
  return '';
}

export function chooseGraphics(setting: GraphicsSetting, device: DeviceHints): GraphicsChoice {
  if (setting === 'full') return { lighter: false, words: 'Lighter graphics: off (you chose full graphics).' };
  if (setting === 'lighter') return { lighter: true, words: 'Lighter graphics: on (you chose it).' };
  const reason = weakDeviceReason(device);
  return reason
    ? { lighter: true, words: `Lighter graphics: on (chosen automatically because ${reason}).` }
    : { lighter: false, words: 'Lighter graphics: off (chosen automatically: this device looks able to draw full graphics).' };
}

const kSlowKey = 'metaclinic.graphics.slow';

/** Remembers that full graphics were slow here, so the next 3D view starts lighter. */
export function rememberSlowFrames(): void {
  try {
    localStorage.setItem(kSlowKey, '1');
  } catch {
    // Storage unavailable: the choice is made again next time.
  }
}

let cachedRenderer: string | undefined;

/** What this browser says about itself (read once; the WebGL probe is not free). */
export function deviceHints(): DeviceHints {
  if (cachedRenderer === undefined) cachedRenderer = probeRenderer();
  let measuredSlow = false;
  try {
    measuredSlow = localStorage.getItem(kSlowKey) === '1';
  } catch {
    // Storage unavailable: nothing remembered.
  }
  const screenSize = typeof screen === 'object' ? Math.min(screen.width, screen.height) : undefined;
  return {
    cores: navigator.hardwareConcurrency || undefined,
    memoryGb: (navigator as Navigator & { deviceMemory?: number }).deviceMemory,
    screenShortSidePx: screenSize || undefined,
    gpuRenderer: cachedRenderer || undefined,
    measuredSlow,
  };
}

function probeRenderer(): string {
  try {
    const gl = document.createElement('canvas').getContext('webgl');
    if (!gl) return '';
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const text = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return text;
  } catch {
    return '';
  }
}
