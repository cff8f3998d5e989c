import { describe, expect, it } from 'vitest';
import { EntityKind } from '../net/messages';
import type { Slot } from './api';
import { bookableSlots, cameraWords, consultParticipants, initials, messageSender, participantWords, presenceWords } from './visit-people';

describe('who sent a visit message', () => {
  const patientMessage = { from: 'patient' as const, name: 'Alex Patient' };
  const guestMessage = { from: 'patient' as const, name: 'Guest' };
  const nurseMessage = { from: 'staff' as const, name: 'Nora Nurse' };
  const deskMessage = { from: 'staff' as const, name: '' };

  it('says "You" to the patient for their own messages only', () => {
    const patient = { side: 'patient' as const, name: 'Alex Patient' };
    expect(messageSender(patientMessage, patient)).toBe('You');
    expect(messageSender(guestMessage, patient)).toBe('Guest');
    expect(messageSender(nurseMessage, patient)).toBe('Nora Nurse');
    expect(messageSender(deskMessage, patient)).toBe('Front desk');
  });

  it("names the patient on the care team's dashboard (issue 13: it said \"You\")", () => {
    const clinician = { side: 'staff' as const, name: 'Dr. Carla Cardio' };
    expect(messageSender(patientMessage, clinician)).toBe('Alex Patient');
    expect(messageSender(guestMessage, clinician)).toBe('Guest');
    expect(messageSender(nurseMessage, clinician)).toBe('Nora Nurse');
    expect(messageSender({ from: 'staff', name: 'Dr. Carla Cardio' }, clinician)).toBe('You');
    expect(messageSender({ from: 'patient', name: '' }, clinician)).toBe('The patient');
  });

  it('tells a visit-link guest their own messages from the patient’s', () => {
    const guest = { side: 'patient' as const, name: 'Guest' };
    expect(messageSender(guestMessage, guest)).toBe('You');
    expect(messageSender(patientMessage, guest)).toBe('Alex Patient');
  });

  it('does not take a staff member with the patient’s name for the patient', () => {
    expect(messageSender({ from: 'staff', name: 'Sam Lee' }, { side: 'patient', name: 'Sam Lee' })).toBe('Sam Lee');
  });
});

describe('the people in the consult room', () => {
  it('lists the clinician, the patient and guests with roles, marking the own entry', () => {
    const people = [
      { entity: 9, name: 'Guest', kind: EntityKind.Guest, self: true },
      { entity: 4, name: 'Alex Patient', kind: EntityKind.Person, self: false },
      { entity: 7, name: 'Dr. Carla Cardio', kind: EntityKind.Staff, self: false },
    ];
    expect(consultParticipants(people).map(participantWords)).toEqual([
      'Dr. Carla Cardio, Clinician',
      'Alex Patient, Patient',
      'Guest, Guest (visit link) (you)',
    ]);
    expect(consultParticipants([])).toEqual([]);
    expect(consultParticipants([{ entity: 1, name: '', kind: EntityKind.Person, self: false }])[0].name).toBe('Someone');
  });

  it('makes initials for a tile without video', () => {
    expect(initials('Dr. Carla Cardio')).toBe('CC');
    expect(initials('Alex Demo (synthetic patient)')).toBe('AD');
    expect(initials('Alex')).toBe('A');
    expect(initials('  émile  de la Rue ')).toBe('ÉR');
    expect(initials('')).toBe('?');
    expect(initials('42')).toBe('?');
  });
});

describe('what the call says about the other person', () => {
  it('says when they lost the connection, not "connected"', () => {
    expect(presenceWords('Dr. Carla Cardio', 'lost', 'video')).toBe('Dr. Carla Cardio lost the connection; waiting for them to come back.');
    expect(presenceWords('Alex', 'connected', 'video')).toBe('Connected with Alex by video and sound.');
    expect(presenceWords('Alex', 'connected', 'audio')).toBe('Connected with Alex by sound.');
    expect(presenceWords('Alex', 'left', 'video')).toBe('Alex left the call.');
    expect(presenceWords('Alex', 'connecting', 'none')).toBe('Connecting the call with Alex…');
  });

  it('says when their camera is off instead of showing a frozen picture', () => {
    expect(cameraWords('Alex', 'on')).toBe('');
    expect(cameraWords('Alex', 'off')).toBe('Alex turned the camera off.');
    expect(cameraWords('Alex', 'none')).toBe('Alex joined without a camera.');
    expect(cameraWords('Alex', 'paused')).toMatch(/paused/);
  });
});

describe('bookable slots', () => {
  const slot = (id: string, start: string): Slot => ({ id, department: 'cardiology', clinician: { id: 2, name: 'C' }, start, end: start });
  const slots = [slot('a', '2026-01-01T09:00:00Z'), slot('b', '2026-01-01T09:30:00Z'), slot('c', '2026-01-01T10:00:00Z')];

  it('drops slots that have begun and slots a booking just lost', () => {
    const at = Date.parse('2026-01-01T09:00:00Z');
    expect(bookableSlots(slots, at - 1).map((s) => s.id)).toEqual(['a', 'b', 'c']);
    expect(bookableSlots(slots, at).map((s) => s.id)).toEqual(['b', 'c']);
    expect(bookableSlots(slots, at, new Set(['c'])).map((s) => s.id)).toEqual(['b']);
  });
});
