// The care team's therapy form (issue 8): parsing and the wire encoding.
import { describe, expect, it } from 'vitest';
import { decodeClientMessage, encode } from '../net/codec';
import { SimActionKind, kTherapyUnset } from '../net/messages';
import { parseTherapy } from './body-explorer';

describe('therapy form', () => {
  it('keeps blank boxes at the patient default and reads numbers', () => {
    expect(parseTherapy({ carbRatio: '12', correctionFactor: '', basalRate: '0.9' })).toEqual({ carbRatio: 12, basalRate: 0.9 });
    expect(parseTherapy({ carbRatio: '', correctionFactor: '', basalRate: '' })).toEqual({});
    expect(parseTherapy({ carbRatio: '', correctionFactor: '', basalRate: '0' })).toEqual({ basalRate: 0 });
  });

  it('names the first value out of range', () => {
    expect(parseTherapy({ carbRatio: '0', correctionFactor: '', basalRate: '' })).toMatch(/Carbohydrate ratio.*1 and 150/);
    expect(parseTherapy({ carbRatio: '', correctionFactor: '600', basalRate: '' })).toMatch(/Correction factor/);
    expect(parseTherapy({ carbRatio: '', correctionFactor: '', basalRate: 'x' })).toMatch(/Basal rate/);
  });

  it('round-trips on the wire with unset fields', () => {
    const message = { type: 'sim_action' as const, action: SimActionKind.Therapy, amount: 0, carb_ratio: 120, correction_factor: kTherapyUnset, basal_rate: 0 };
    expect(decodeClientMessage(encode(message))).toEqual({ ok: true, message });
  });
});
