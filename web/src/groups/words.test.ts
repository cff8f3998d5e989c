import { describe, expect, it } from 'vitest';
import type { GroupMember } from './api';
import { groupErrorWords, handWords, memberWords, ordinal, parseLogins, peerToPeerWords, phaseWords, pacerWords, reportWords, roomSummary, stickWords } from './words';
import { sharedPattern } from '../ui/breathing';

const member = (patch: Partial<GroupMember> = {}): GroupMember => ({
  user_id: 1,
  name: 'Sam',
  avatar_name: 'Sam',
  host: false,
  muted: false,
  silenced: false,
  on_stage: false,
  present: false,
  hand: 0,
  silhouette: false,
  first_name_only: false,
  participant: 5,
  ...patch,
});

describe('group words', () => {
  it('says each member state', () => {
    expect(memberWords(member(), { present: false, speaking: false }, false, false)).toBe('not in the call');
    expect(memberWords(member(), { present: true, speaking: true }, false, false)).toBe('speaking');
    expect(memberWords(member({ muted: true }), { present: true, speaking: true }, false, false)).toBe('muted by the host');
    expect(memberWords(member({ host: true, on_stage: true }), { present: true, speaking: false }, true, true)).toBe('host, you muted yourself, on stage');
  });
  it('names peer to peer plainly', () => {
    expect(phaseWords('peer_to_peer')).toMatch(/without its media server/);
    expect(roomSummary({ id: 'x', title: 't', kind: 'therapy', capacity: 6, media: 'peer_to_peer', space: 's', place: 'room', starts_at: null, locked: true, host: false, stick: null, members: [member()] })).toBe(
      'Therapy group, up to 6 people · 1 person · peer-to-peer voice, up to 6 people (no media server) · locked',
    );
    const beach = roomSummary({ id: 'x', title: 't', kind: 'therapy', capacity: 12, media: 'janus', space: 's', place: 'beach', starts_at: '2026-12-08T14:00:00.000Z', locked: false, host: false, stick: null, members: [member()] });
    expect(beach).toMatch(/^Therapy group, up to 12 people · starts .+ · in the beach · 1 person · voice through/);
  });
  it('says whom a peer-to-peer room connects, and why a seventh is refused', () => {
    expect(peerToPeerWords(false, 0, 0)).toBe('Peer-to-peer voice (no media server, up to 6 people). Connecting…');
    expect(peerToPeerWords(true, 0, 0)).toMatch(/Nobody else is here yet\.$/);
    expect(peerToPeerWords(true, 1, 1)).toMatch(/You are connected with the 1 other person here\.$/);
    expect(peerToPeerWords(true, 2, 5, 'Your microphone could not be used.')).toMatch(/Connected with 2 of 5 others here; connecting… Your microphone could not be used\.$/);
    expect(peerToPeerWords(true, 5, 5)).toMatch(/connected with all 5 others here/);
    expect(groupErrorWords('too_many_members', 'without the media server a room holds 6 people (peer to peer)')).toBe(
      'Too many people: without the media server a room holds 6 people (peer to peer). Remove some logins.',
    );
  });
  it('says who may speak: the stick, hands in order, silenced members', () => {
    expect(memberWords(member({ silenced: true, hand: 2 }), { present: true, speaking: false }, false, false)).toBe('muted while someone else holds the talking stick, hand up (2nd)');
    expect(memberWords(member({ silhouette: true }), { present: true, speaking: false }, false, false)).toBe('listening, appears as a silhouette');
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22].map(ordinal)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd']);
    expect(handWords(0)).toBe('Your hand is down.');
    expect(handWords(3)).toBe('Your hand is up: 3rd in line.');
    const room = { id: 'x', title: 't', kind: 'therapy' as const, capacity: 12, media: 'janus' as const, space: 's', place: 'room' as const, starts_at: null, locked: false, host: false, stick: null as number | null, members: [member(), member({ user_id: 2, name: 'Ana' })] };
    expect(stickWords(room, 1)).toBe('Nobody holds the talking stick: everyone can speak.');
    expect(stickWords({ ...room, stick: 2 }, 1)).toMatch(/^Ana holds the talking stick: only they and the host can be heard. You are muted/);
    expect(stickWords({ ...room, stick: 1 }, 1)).toMatch(/^You hold the talking stick/);
    expect(stickWords({ ...room, stick: 2, host: true }, 9)).toMatch(/only they and you \(the host\)/);
    expect(reportWords({ from: 'Ana', about: 'Sam', about_user_id: 1, reason: 'Kept talking over me', at: 'bad' })).toBe('Ana reported Sam: "Kept talking over me"');
  });
  it('reads logins separated by commas, spaces and lines, once each', () => {
    expect(parseLogins(' patient1, patient2\npatient3 patient1;')).toEqual(['patient1', 'patient2', 'patient3']);
  });
});

describe('pacerWords', () => {
  it('says who leads which pattern and its timing, or that none runs', () => {
    expect(pacerWords(sharedPattern('box', [4, 4, 4, 4]), false)).toBe('The host is leading Box breathing for everyone: breathe in 4 s, hold 4 s, breathe out 4 s, hold 4 s.');
    expect(pacerWords(sharedPattern('resonance', [5.5, 5.5]), true)).toContain('You are leading Slow breathing (6 a minute)');
    expect(pacerWords(undefined, false)).toBe('No shared breathing now. The host can start one for everyone.');
  });
});
