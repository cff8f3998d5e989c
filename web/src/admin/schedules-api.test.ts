import { describe, expect, it } from 'vitest';
import { minutesOf, ruleProblem, weekdayName } from './schedules-api';

describe('weekly hours', () => {
  it('reads HH:MM as minutes after midnight, up to the end of the day', () => {
    expect(minutesOf('00:00')).toBe(0);
    expect(minutesOf('09:30')).toBe(570);
    expect(minutesOf('24:00')).toBe(1440);
    for (const bad of ['9:30', '24:01', '12:60', '', 'noon']) expect(minutesOf(bad)).toBeUndefined();
  });
  it('says in words why hours cannot be added', () => {
    expect(ruleProblem('09:00', '12:00', 30)).toBe('');
    expect(ruleProblem('12:00', '09:00', 30)).toMatch(/end must be after the start/);
    expect(ruleProblem('09:00', '09:20', 30)).toMatch(/shorter than one visit/);
    expect(ruleProblem('09:00', '12:00', 2)).toMatch(/5 to 240 minutes/);
    expect(ruleProblem('9', '12:00', 30)).toMatch(/hours and minutes/);
  });
  it('names ISO weekdays', () => {
    expect(weekdayName(1)).toBe('Monday');
    expect(weekdayName(7)).toBe('Sunday');
  });
});
