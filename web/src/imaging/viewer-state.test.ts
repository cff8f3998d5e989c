import { describe, expect, it } from 'vitest';
import {
  adjustWindow, distanceMm, distanceWords, imagePoint, initialState, kMaxZoom, pan, scrollSlices, windowParameter, withPreset, zoomAt,
} from './viewer-state';

describe('viewer state', () => {
  it('starts mid-stack in the soft tissue window and scrolls within the stack', () => {
    const state = initialState(64);
    expect(state.slice).toBe(32);
    expect(windowParameter(state.window)).toBe('40,400,linear');
    expect(scrollSlices(state, 100).slice).toBe(63);
    expect(scrollSlices(state, -100).slice).toBe(0);
    expect(scrollSlices(state, 1).slice).toBe(33);
    expect(scrollSlices(initialState(0), 1).slice).toBe(0);
  });

  it('applies the presets and free window/level', () => {
    const lung = withPreset(initialState(10), 'lung');
    expect(lung.window).toEqual({ center: -600, width: 1500 });
    expect(withPreset(lung, 'bone').window).toEqual({ center: 400, width: 1800 });
    expect(adjustWindow(lung, 10, -5).window).toEqual({ center: -620, width: 1540 });
    expect(adjustWindow(lung, -1000, 0).window.width).toBe(1);
  });

  it('zooms about a point and pans, and maps screen points back to pixels', () => {
    let state = initialState(1);
    state = zoomAt(state, 2, 50, 0);
    expect(state.zoom).toBe(2);
    // The point under the cursor stays under it.
    expect(imagePoint(state, 50, 0, 256, 256)).toEqual(imagePoint(initialState(1), 50, 0, 256, 256));
    state = pan(state, 10, 20);
    // The image centre sits at the pan offset.
    expect(imagePoint(state, state.panX, state.panY, 256, 256)).toEqual({ column: 128, row: 128 });
    expect(zoomAt(state, 1000).zoom).toBe(kMaxZoom);
  });

  it('measures in mm from the pixel spacing', () => {
    expect(distanceMm({ column: 0, row: 0 }, { column: 3, row: 4 }, 1, 1)).toBe(5);
    expect(distanceMm({ column: 0, row: 0 }, { column: 10, row: 0 }, 2, 0.5)).toBe(5);
    expect(distanceMm({ column: 0, row: 0 }, { column: 0, row: 10 }, 2, 0.5)).toBe(20);
    expect(distanceMm({ column: 0, row: 0 }, { column: 1, row: 1 }, 0, 1)).toBeNull();
    expect(distanceWords(12.345)).toBe('12.3 mm');
    expect(distanceWords(null)).toMatch(/pixel size/);
  });
});
