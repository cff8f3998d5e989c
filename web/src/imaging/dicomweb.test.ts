import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../net/rest';
import { dicomDateWords, frameUrl, loadStack, prefetchOrder, studyOf } from './dicomweb';

describe('dicomweb', () => {
  it('reads a QIDO study by tag', () => {
    const study = studyOf({
      '0020000D': { vr: 'UI', Value: ['1.2.3'] },
      '00100020': { vr: 'LO', Value: ['abc'] },
      '00080020': { vr: 'DA', Value: ['20261101'] },
      '00080061': { vr: 'CS', Value: ['CT', 'SR'] },
      '00201208': { vr: 'IS', Value: [64] },
    });
    expect(study).toEqual({ study: '1.2.3', patient: 'abc', date: '20261101', description: 'Study without a description', modalities: 'CT, SR', instances: 64 });
    expect(dicomDateWords('20261101')).toBe('2026-11-01');
    expect(dicomDateWords('')).toBe('no date');
  });

  it('prefetches the nearest neighbours inside the stack', () => {
    expect(prefetchOrder(5, 64)).toEqual([6, 4, 7, 3]);
    expect(prefetchOrder(0, 64)).toEqual([1, 2]);
    expect(prefetchOrder(63, 64)).toEqual([62, 61]);
  });

  it('orders a stack by Instance Number and reads size and spacing from the metadata', async () => {
    const answers: Record<string, unknown> = {
      '/dicomweb/studies/1.2/series': [{ '0020000E': { vr: 'UI', Value: ['1.2.9'] } }],
      '/dicomweb/studies/1.2/series/1.2.9/instances?limit=1000': [
        { '00080018': { vr: 'UI', Value: ['b'] }, '00200013': { vr: 'IS', Value: [2] } },
        { '00080018': { vr: 'UI', Value: ['a'] }, '00200013': { vr: 'IS', Value: [1] } },
      ],
      '/dicomweb/studies/1.2/series/1.2.9/instances/a/metadata': [
        { '00280010': { vr: 'US', Value: [256] }, '00280011': { vr: 'US', Value: [200] }, '00280030': { vr: 'DS', Value: [0.7, 0.8] } },
      ],
    };
    const api = { request: async (_method: string, path: string) => ({ ok: true, value: answers[path] }) } as unknown as ApiClient;
    const stack = await loadStack(api, '1.2');
    expect(stack.ok && stack.value).toEqual({ study: '1.2', series: '1.2.9', instances: ['a', 'b'], rows: 256, columns: 200, rowSpacingMm: 0.7, columnSpacingMm: 0.8 });
    if (stack.ok) expect(frameUrl(stack.value, 1, '40,400,linear')).toBe('/dicomweb/studies/1.2/series/1.2.9/instances/b/frames/1/rendered?window=40%2C400%2Clinear');
  });
});
