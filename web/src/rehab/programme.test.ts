// The programme and set answers of the rehabilitation API (docs/api.md
// "Rehabilitation") as the gym reads them, and its words for the record and
// for failures.
import { describe, expect, it } from 'vitest';
import { describeRecord, failureWords, parseProgramme, parseSetRecord } from './programme';

describe('programme', () => {
  it('reads the documented programme, keeping the activities it can play', () => {
    const parsed = parseProgramme({
      careplan_id: 'cp-1', title: 'Knee', created: '2026-12-07',
      activities: [
        { id: 'a1', exercise: 'knee-extension', side: 'right', sets: 3, reps: 10, target_deg: 10.0, days_per_week: 5, title: 'Seated knee extension: kick the ball' },
        { id: 'a2', exercise: 'cervical-rotation', side: 'left', sets: 2, reps: 8, target_deg: 45, days_per_week: 5, title: 'Neck turns' },
        { id: 'a3', exercise: 'juggling', side: 'right', sets: 1, reps: 1, target_deg: 10, days_per_week: 1, title: 'unknown' },
        { id: 'a4', exercise: 'hip-flexion', side: 'middle', sets: 1, reps: 1, target_deg: 10, days_per_week: 1, title: 'bad side' },
      ],
    });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.carePlanId).toBe('cp-1');
    expect(parsed.value.activities.map((a) => a.id)).toEqual(['a1', 'a2']);
    expect(parsed.value.activities[0]).toEqual({ id: 'a1', exercise: 'knee-extension', side: 'right', sets: 3, reps: 10, targetDeg: 10, daysPerWeek: 5, title: 'Seated knee extension: kick the ball' });
  });

  it('refuses shapes it cannot read, in words', () => {
    expect(parseProgramme(null)).toMatchObject({ ok: false });
    expect(parseProgramme({ activities: [] })).toMatchObject({ ok: false, message: 'The server sent a programme without its care plan.' });
    expect(parseSetRecord({ rep_count: -1, partial_count: 0 })).toMatchObject({ ok: false });
  });

  it('puts the record in words next to the live count', () => {
    const record = parseSetRecord({ set_id: 's1', rep_count: 10, partial_count: 0, rom_deg: { min: 5.4, max: 91.6 }, low_confidence_ms: 0, target_deg: 10, observation_ids: ['o1', 'o2', 'o3', 'o4'] });
    expect(record.ok).toBe(true);
    if (!record.ok) return;
    expect(record.value.observationIds).toEqual(['o1', 'o2', 'o3', 'o4']);
    expect(describeRecord(record.value)).toBe('The record says: 10 reps, 5–92°.');
    expect(describeRecord({ repCount: 1, partialCount: 2, rom: null, lowConfidenceMs: 0, observationIds: [] })).toBe(
      'The record says: 1 rep (2 not far enough, not counted), no angle it could trust.');
  });

  it('says why a call failed', () => {
    expect(failureWords({ status: 404, code: 'programme_not_found', message: '' }, 'programme')).toMatch(/no exercise programme yet/);
    expect(failureWords({ status: 400, code: 'trace_time_order', message: 'line 3: t_ms goes backwards' }, 'upload')).toBe('The set was not saved: line 3: t_ms goes backwards');
  });
});
