// Every group-room state in words (docs/voice.md "Group rooms"): the call's
// phase, each member's state, and what a host action did. Pure.

import { kPhaseWords, type Pattern } from '../ui/breathing';
import type { GroupKind, GroupMember, GroupPlace, GroupReport, GroupRoom, Stay } from './api';
import type { CallPhase } from './group-call';

export const kKindNames: Record<GroupKind, string> = {
  therapy: 'Therapy group',
  conference: 'Case conference',
  class: 'Class',
};

export const kPlaceNames: Record<GroupPlace, string> = {
  room: 'Group room',
  forest: 'Forest clearing',
  beach: 'Beach',
};

/** "Tue 9 Dec, 14:00" in the reader's own time zone. */
export function startWords(iso: string, locale?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return date.toLocaleString(locale, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

export function kindWords(kind: GroupKind, capacity: number): string {
  return `${kKindNames[kind] ?? kind}, up to ${capacity} people`;
}

/** The most people a group room holds without the media server (src/media/group_rooms.h kPeerToPeerLimit). */
export const kPeerToPeerLimit = 6;

export const kPeerToPeerWords =
  `This hospital runs without its media server, so voice in this room goes directly between the people in it (peer to peer), for up to ${kPeerToPeerLimit} people, voice only.`;

/** A peer-to-peer room's call in words: the mode, and whom you are connected with. */
export function peerToPeerWords(started: boolean, connected: number, others: number, problem = ''): string {
  const mode = `Peer-to-peer voice (no media server, up to ${kPeerToPeerLimit} people).`;
  const tail = problem ? ` ${problem}` : '';
  if (!started) return `${mode} Connecting…${tail}`;
  if (others === 0) return `${mode} Nobody else is here yet.${tail}`;
  const people = others === 1 ? 'the 1 other person' : others === 2 ? 'both others' : `all ${others} others`;
  if (connected >= others) return `${mode} You are connected with ${people} here.${tail}`;
  return `${mode} Connected with ${connected} of ${others} others here; connecting…${tail}`;
}

export function phaseWords(phase: CallPhase, problem = ''): string {
  switch (phase) {
    case 'connecting':
      return problem ? `Connecting to the room's voice… (${problem})` : "Connecting to the room's voice…";
    case 'in_call':
      return 'You are in the call. Everyone in the room can hear you unless you or the host mute you.';
    case 'reconnecting':
      return "The room's voice was interrupted; reconnecting by itself…";
    case 'peer_to_peer':
      return kPeerToPeerWords;
    case 'removed':
      return problem || 'You are no longer in this room.';
    case 'locked':
      return 'The host locked this room before you came in, so you cannot join it now.';
    case 'ended':
      return problem || 'This room has ended.';
    case 'left':
      return 'You left the room.';
    case 'failed':
      return problem || "The room's voice could not start.";
  }
}

export interface MemberLive {
  /** In the call now (their feed is heard, or it is you in the call). */
  present: boolean;
  speaking: boolean;
}

/** A member's state in words: "speaking", "muted by the host", "on stage", … */
export function memberWords(member: GroupMember, live: MemberLive, selfMuted: boolean, self: boolean): string {
  const parts: string[] = [];
  if (member.host) parts.push('host');
  if (!live.present) parts.push(self ? 'not connected' : 'not in the call');
  else if (member.muted) parts.push('muted by the host');
  else if (member.silenced) parts.push('muted while someone else holds the talking stick');
  else if (self && selfMuted) parts.push('you muted yourself');
  else parts.push(live.speaking ? 'speaking' : 'listening');
  if (member.hand > 0) parts.push(`hand up (${ordinal(member.hand)})`);
  if (member.on_stage) parts.push('on stage');
  if (member.silhouette) parts.push('appears as a silhouette');
  return parts.join(', ');
}

/** 1 -> "1st", 2 -> "2nd", 11 -> "11th". */
export function ordinal(place: number): string {
  const tens = place % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][place % 10] ?? 'th';
  return `${place}${suffix}`;
}

/** The talking stick's state for `viewer` (a user id). */
export function stickWords(room: GroupRoom, viewer: number): string {
  if (room.stick === null) return 'Nobody holds the talking stick: everyone can speak.';
  if (room.stick === viewer) return 'You hold the talking stick: the others are muted, and you and the host can be heard.';
  const holder = room.members.find((member) => member.user_id === room.stick)?.name ?? 'Someone';
  return room.host
    ? `${holder} holds the talking stick: only they and you (the host) can be heard.`
    : `${holder} holds the talking stick: only they and the host can be heard. You are muted until the host takes it back.`;
}

/** Your own hand: "Your hand is down." / "Your hand is up: 2nd in line." */
export function handWords(place: number): string {
  return place > 0 ? `Your hand is up: ${ordinal(place)} in line.` : 'Your hand is down.';
}

/** A report to the host in words. */
export function reportWords(report: GroupReport, locale?: string): string {
  const at = new Date(report.at);
  const time = Number.isNaN(at.getTime()) ? '' : ` at ${at.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' })}`;
  return `${report.from} reported ${report.about}${time}: "${report.reason}"`;
}

export type HostAction = 'mute' | 'unmute' | 'stage' | 'unstage' | 'remove' | 'lock' | 'unlock' | 'end';

export function hostResultWords(action: HostAction, name: string): string {
  switch (action) {
    case 'mute':
      return `${name} is muted for everyone.`;
    case 'unmute':
      return `${name} may speak again.`;
    case 'stage':
      return `${name} is on stage: people see their video.`;
    case 'unstage':
      return `${name} is off stage.`;
    case 'remove':
      return `${name} was removed from the room.`;
    case 'lock':
      return 'The room is locked: people who have not come in yet cannot join.';
    case 'unlock':
      return 'The room is open again to its members.';
    case 'end':
      return 'The room has ended for everyone.';
  }
}

/** The server's codes for group rooms, in words. */
export function groupErrorWords(code: string, fallback: string): string {
  const words: Record<string, string> = {
    invalid_title: 'Give the room a title (up to 120 characters).',
    invalid_kind: 'Choose what kind of room it is.',
    invalid_place: 'Choose where the group meets.',
    invalid_time: 'The start must be a date and time between yesterday and a year from now.',
    unknown_member: 'One of the logins is not a user here. Check the spelling.',
    too_many_members: `Too many people: ${fallback}. Remove some logins.`,
    forbidden: 'Only care staff can open a group room.',
    host_only: 'Only the host can do that.',
    member_not_found: 'That person is no longer in the room.',
    group_not_found: 'This room has ended or you are no longer in it.',
    room_locked: 'The host locked this room before you came in.',
    invalid_reason: 'Say what happened in 1 to 300 characters.',
    cannot_report_self: 'You cannot report yourself.',
    invalid_pattern: 'Choose one of the breathing patterns.',
    invalid_phase_seconds: 'Give each part of the breath 1 to 12 seconds.',
    too_many_reports: 'This room has had too many reports. Tell the host in person.',
    attendance_unavailable: 'This server keeps no attendance record.',
    groups_unavailable: 'Group rooms are not enabled on this server.',
    network_error: 'The server cannot be reached. Check your connection and try again.',
  };
  return words[code] ?? fallback;
}

/** The shared pacer's state in words, for the viewer (host or member). */
export function pacerWords(pattern: Pattern | undefined, viewerHosts: boolean): string {
  if (!pattern) return viewerHosts ? 'No shared breathing now. Choose a pattern and start it for everyone.' : 'No shared breathing now. The host can start one for everyone.';
  const steps = pattern.phases.map((phase) => `${kPhaseWords[phase.kind].toLowerCase()} ${phase.seconds} s`).join(', ');
  return `${viewerHosts ? 'You are leading' : 'The host is leading'} ${pattern.name} for everyone: ${steps}.`;
}

/** "3 members · voice through the hospital's media server" */
export function roomSummary(room: GroupRoom): string {
  const people = room.members.length === 1 ? '1 person' : `${room.members.length} people`;
  const media = room.media === 'janus' ? "voice through the hospital's media server" : `peer-to-peer voice, up to ${kPeerToPeerLimit} people (no media server)`;
  const when = room.starts_at ? ` · starts ${startWords(room.starts_at)}` : '';
  const place = room.place && room.place !== 'room' ? ` · in the ${kPlaceNames[room.place].toLowerCase()}` : '';
  return `${kindWords(room.kind, room.capacity)}${when}${place} · ${people} · ${media}${room.locked ? ' · locked' : ''}`;
}

/** Logins typed into one box, separated by commas, spaces or new lines. */
export function parseLogins(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((login) => login.trim()).filter(Boolean))];
}

/** One stay in words: when they came in, and when and how they went. */
export function stayWords(stay: Stay, locale?: string): { joined: string; left: string } {
  const joined = startWords(stay.joined_at, locale);
  if (!stay.left_at) return { joined, left: 'still in the room (or left without saying)' };
  const left = startWords(stay.left_at, locale);
  const how = stay.how === 'removed' ? ' (removed by the host)' : stay.how === 'room ended' ? ' (when the room ended)' : '';
  return { joined, left: `${left}${how}` };
}
