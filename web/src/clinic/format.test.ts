import { describe, expect, it } from 'vitest';
import { checkInWindow, deviceProblem, deviceWords, formatClockTime, formatWaited, isoDay, meetingWords, queueWords, waitWords } from './format';

describe('clinic words', () => {
  it('formats waited time', () => {
    expect(formatWaited(0)).toBe('0 seconds');
    expect(formatWaited(1)).toBe('1 second');
    expect(formatWaited(59.9)).toBe('59 seconds');
    expect(formatWaited(60)).toBe('1 minute');
    expect(formatWaited(125)).toBe('2 minutes');
    expect(formatWaited(3600)).toBe('1 hour');
    expect(formatWaited(3900)).toBe('1 hour 5 minutes');
    expect(formatWaited(7260)).toBe('2 hours 1 minute');
    expect(formatWaited(-5)).toBe('0 seconds');
  });

  it('says the queue place', () => {
    expect(queueWords({ position: 1, ahead: 0 })).toBe('You are next in the queue.');
    expect(queueWords({ position: 2, ahead: 1 })).toBe('You are number 2 in the queue. 1 person is ahead of you.');
    expect(queueWords({ position: 4 })).toBe('You are number 4 in the queue. 3 people are ahead of you.');
    expect(queueWords({})).toBe('You are in the queue.');
  });

  it('says the estimated wait', () => {
    expect(waitWords(undefined)).toMatch(/not known/);
    expect(waitWords(0)).toMatch(/very soon/);
    expect(waitWords(1)).toBe('Estimated wait: about 1 minute.');
    expect(waitWords(12)).toBe('Estimated wait: about 12 minutes.');
  });

  it('describes the device check', () => {
    expect(deviceWords({ camera: 'ok', microphone: 'denied', speaker: 'ok', connection_rtt_ms: 42 })).toBe(
      'Camera working, microphone blocked, speaker confirmed, connection 42 ms.',
    );
    expect(deviceWords({ camera: 'skipped', microphone: 'missing', speaker: 'not_confirmed', connection_rtt_ms: -1 })).toBe(
      'Camera not used, microphone not found, speaker not confirmed, connection not measured.',
    );
    expect(deviceWords(undefined)).toBe('No device check.');
    expect(deviceProblem({ camera: 'ok', microphone: 'ok', speaker: 'ok' })).toBe(false);
    expect(deviceProblem({ camera: 'denied', microphone: 'ok', speaker: 'ok' })).toBe(true);
  });

  it('formats times in a given zone', () => {
    expect(formatClockTime('2026-11-25T14:05:00.000Z', { timeZone: 'UTC' })).toBe('14:05');
    expect(isoDay(Date.UTC(2026, 10, 25, 23, 59))).toBe('2026-11-25');
  });

  it('opens check-in an hour before the start until the end', () => {
    const appointment = { start: '2026-11-25T14:00:00Z', end: '2026-11-25T14:30:00Z', status: 'booked' };
    expect(checkInWindow(appointment, Date.parse('2026-11-25T12:59:00Z'))).toBe('too_early');
    expect(checkInWindow(appointment, Date.parse('2026-11-25T13:00:00Z'))).toBe('open');
    expect(checkInWindow(appointment, Date.parse('2026-11-25T14:29:00Z'))).toBe('open');
    expect(checkInWindow(appointment, Date.parse('2026-11-25T14:30:00Z'))).toBe('over');
    expect(checkInWindow({ ...appointment, status: 'cancelled' }, 0)).toBe('cancelled');
  });
});

describe('meeting words (1:1 therapy)', () => {
  it('says where a therapy visit meets and that it is avatars only, to each side', () => {
    expect(meetingWords({ place: 'room', avatars_only: false }, false)).toBe('');
    expect(meetingWords({ place: 'beach', avatars_only: false }, false)).toBe('You meet on the quiet beach.');
    expect(meetingWords({ place: 'forest', avatars_only: true }, false)).toBe('You meet in the peaceful forest. You chose to talk as avatars only: your camera stays off, and you are heard, not seen.');
    expect(meetingWords({ place: 'beach', avatars_only: true, patient: { name: 'Jamie', pseudonym: 'p' } }, true)).toBe('You meet on the quiet beach. Jamie chose to talk as avatars only: please keep your camera off too.');
  });
});
