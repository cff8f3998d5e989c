import { describe, expect, it } from 'vitest';
import { AvatarLooks, kActivityIntervalMs, kAvatarPalette, kDefaultLook, paletteIndex, shapeIndex } from './avatar-looks';
import type { ClientMessage } from './messages';

function looks() {
  const sent: ClientMessage[] = [];
  return { sent, looks: new AvatarLooks((message) => sent.push(message)) };
}

describe('AvatarLooks', () => {
  it('sends our style after welcome on version 5, and not to an older server', () => {
    const older = looks();
    older.looks.setStyle(3, 1);
    older.looks.connected(4);
    older.looks.setTyping(true, 0);
    expect(older.sent).toEqual([]);

    const current = looks();
    current.looks.setStyle(3, 1);
    expect(current.sent).toEqual([]); // not connected yet
    current.looks.connected(5);
    expect(current.sent).toEqual([{ type: 'avatar_style', colour: 3, shape: 1 }]);
    current.looks.setStyle(3, 1);
    expect(current.sent.length).toBe(1); // unchanged: nothing sent
    current.looks.setStyle(99, -1); // out of range: the default
    expect(current.sent[1]).toEqual({ type: 'avatar_style', colour: 0, shape: 0 });
  });

  it('rate-limits activity and always sends the last state', () => {
    const { sent, looks: subject } = looks();
    subject.connected(5);
    sent.length = 0;
    subject.setTyping(true, 1000);
    subject.setTyping(false, 1100);
    subject.setTyping(true, 1200);
    subject.setTyping(false, 1300);
    expect(sent).toEqual([{ type: 'activity', flags: 1 }]);
    subject.flush(1000 + kActivityIntervalMs);
    expect(sent[1]).toEqual({ type: 'activity', flags: 0 });
    subject.flush(5000);
    expect(sent.length).toBe(2);
  });

  it('keeps the looks it is told, resets them on a join, and gives a default otherwise', () => {
    const { looks: subject } = looks();
    subject.receive({ type: 'avatar_info', entity: 7, colour: 4, shape: 2, activity: 3 });
    expect(subject.lookOf(7)).toEqual({ colour: 4, shape: 2, typing: true, speaking: true, voice: false, muted: false, seated: false });
    expect(subject.lookOf(8)).toEqual(kDefaultLook);
    subject.joined();
    expect(subject.lookOf(7).colour).toBe(0);
  });

  it('sends voice, muted and seated to a version-6 server only, and stands up on a join', () => {
    const older = looks();
    older.looks.connected(5);
    older.looks.setVoice(true, true, 0);
    older.looks.setSeated(true, 1000);
    expect(older.sent.filter((m) => m.type === 'activity')).toEqual([]);
    older.looks.setTyping(true, 2000);
    expect(older.sent.at(-1)).toEqual({ type: 'activity', flags: 1 });

    const { sent, looks: subject } = looks();
    subject.connected(6);
    subject.setVoice(true, true, 0);
    expect(sent.at(-1)).toEqual({ type: 'activity', flags: 0x0c });
    subject.setVoice(false, true, 1000); // voice off clears muted too
    expect(sent.at(-1)).toEqual({ type: 'activity', flags: 0 });
    subject.setSeated(true, 2000);
    expect(sent.at(-1)).toEqual({ type: 'activity', flags: 0x10 });
    subject.joined();
    subject.flush(3000);
    expect(sent.at(-1)).toEqual({ type: 'activity', flags: 0x10 }); // nothing new to say: the server cleared it
    subject.receive({ type: 'avatar_info', entity: 9, colour: 0, shape: 0, activity: 0x1c });
    expect(subject.lookOf(9)).toMatchObject({ voice: true, muted: true, seated: true });
  });

  it('says whether every activity change has gone out (voice offers wait for it)', () => {
    const { sent, looks: subject } = looks();
    subject.connected(6);
    subject.setTyping(true, 0);
    expect(subject.activitySent).toBe(true);
    subject.setVoice(true, true, 100); // within the 500 ms interval: held back
    expect(subject.activitySent).toBe(false);
    expect(subject.voice && subject.muted).toBe(true);
    subject.flush(500);
    expect(sent.at(-1)).toEqual({ type: 'activity', flags: 0x0d });
    expect(subject.activitySent).toBe(true);
  });

  it('maps saved colours and shapes onto the palette', () => {
    expect(paletteIndex(kAvatarPalette[5].hex)).toBe(5);
    expect(paletteIndex('#2a9d90')).toBe(0);
    expect(paletteIndex('not a colour')).toBe(0);
    expect(shapeIndex('broad')).toBe(2);
    expect(shapeIndex('blob')).toBe(0);
  });
});
