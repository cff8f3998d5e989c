// The lighter-graphics choice (issue 14): the user's setting wins; automatic
// picks lighter on weak devices and says why.
import { describe, expect, it } from 'vitest';
import { chooseGraphics, weakDeviceReason } from './graphics';

const strong = { cores: 8, memoryGb: 8, screenShortSidePx: 1080, gpuRenderer: 'ANGLE (NVIDIA GeForce)' };

describe('graphics choice', () => {
  it('follows an explicit setting whatever the device', () => {
    expect(chooseGraphics('full', { cores: 2 })).toEqual({ lighter: false, words: 'Lighter graphics: off (you chose full graphics).' });
    expect(chooseGraphics('lighter', strong).lighter).toBe(true);
  });

  it('keeps full graphics on a strong device, and says so', () => {
    const choice = chooseGraphics('auto', strong);
    expect(choice.lighter).toBe(false);
    expect(choice.words).toContain('chosen automatically');
  });

  it('names the reason it chose lighter graphics', () => {
    expect(chooseGraphics('auto', { ...strong, cores: 4 }).words).toBe(
      'Lighter graphics: on (chosen automatically because this device has 4 processor cores).',
    );
    expect(weakDeviceReason({ ...strong, memoryGb: 2 })).toBe('this device has 2 GB of memory');
    expect(weakDeviceReason({ ...strong, screenShortSidePx: 390 })).toBe('this is a phone-sized screen');
    expect(weakDeviceReason({ ...strong, measuredSlow: true })).toBe('the 3D view was slow on this device');
    expect(weakDeviceReason({ ...strong, gpuRenderer: 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)))' })).toContain('software');
  });

  it('does not guess from what the browser hides', () => {
    expect(weakDeviceReason({})).toBe('');
  });
});
