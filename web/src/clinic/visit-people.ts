// Who is who in a visit, for every view (patient, visit-link guest, care
// team): the sender of a queue message, the people in the consult room with
// their roles, and what the call says about the other person (lost the
// connection, camera off). Pure functions over plain data, so tests need no
// DOM, no call and no server.

import { EntityKind } from '../net/messages';
import type { Slot, VisitMessage } from './api';

/** The person looking at a list of visit messages. */
export interface MessageViewer {
  /** The patient side (the patient, a visit-link guest) or the care team. */
  side: 'patient' | 'staff';
  /** Their name as the server writes it on their messages (display name, login, or "Guest"). */
  name: string;
}

/** The name the server puts on a visit-link guest's messages. */
export const kGuestMessageName = 'Guest';

/** The sender of `message` as `viewer` should read it: "You" only for their own. */
export function messageSender(message: Pick<VisitMessage, 'from' | 'name'>, viewer: MessageViewer): string {
  const ownSide = (message.from === 'patient') === (viewer.side === 'patient');
  if (ownSide && message.name === viewer.name) return 'You';
  if (message.name) return message.name;
  return message.from === 'patient' ? 'The patient' : 'Front desk';
}

/** Someone in the consult room as the realtime session lists them. */
export interface RoomPerson {
  entity: number;
  name: string;
  kind: EntityKind;
  self: boolean;
}

export interface Participant {
  entity: number;
  name: string;
  /** "Clinician", "Patient", "Guest (visit link)"; "(you)" follows the own entry. */
  role: string;
  self: boolean;
}

/**
 * The consult room's people with their roles, the clinician first, then the
 * patient, then guests, the own entry marked. The room is members-only
 * (docs/api.md "Visits"): its staff member is the appointment's clinician,
 * an account without staff rights the patient, a guest came by visit link.
 */
export function consultParticipants(people: RoomPerson[]): Participant[] {
  const order = (kind: EntityKind) => (kind === EntityKind.Staff ? 0 : kind === EntityKind.Person ? 1 : 2);
  const role = (kind: EntityKind) => (kind === EntityKind.Staff ? 'Clinician' : kind === EntityKind.Person ? 'Patient' : kind === EntityKind.Guest ? 'Guest (visit link)' : 'Assistant');
  return [...people]
    .sort((a, b) => order(a.kind) - order(b.kind) || a.entity - b.entity)
    .map((person) => ({ entity: person.entity, name: person.name || 'Someone', role: role(person.kind), self: person.self }));
}

/** One line for the participant list: "Dr. Ada Lovelace, Clinician (you)". */
export function participantWords(participant: Participant): string {
  return `${participant.name}, ${participant.role}${participant.self ? ' (you)' : ''}`;
}

/** Initials for a video tile without video ("Ada Lovelace" -> "AL"). */
export function initials(name: string): string {
  const words = name
    .replace(/\([^)]*\)/g, ' ')
    .replace(/^\s*(dr|mr|mrs|ms|prof)\.?\s+/i, '')
    .split(/\s+/)
    .filter((word) => /\p{L}/u.test(word));
  if (words.length === 0) return '?';
  const letters = words.length === 1 ? [words[0]] : [words[0], words[words.length - 1]];
  return letters.map((word) => [...word].find((char) => /\p{L}/u.test(char))!.toUpperCase()).join('');
}

/** What the call knows of the other person. */
export type PeerPresence = 'connecting' | 'connected' | 'lost' | 'left';

/** The status line for the other person's link state. */
export function presenceWords(name: string, presence: PeerPresence, media: 'video' | 'audio' | 'none'): string {
  switch (presence) {
    case 'connecting':
      return `Connecting the call with ${name}…`;
    case 'connected':
      return media === 'video' ? `Connected with ${name} by video and sound.` : media === 'audio' ? `Connected with ${name} by sound.` : `Connected with ${name}: you can see and hear them; they can reach you in the chat.`;
    case 'lost':
      return `${name} lost the connection; waiting for them to come back.`;
    case 'left':
      return `${name} left the call.`;
  }
}

/** What the other person sends of their camera (told over the call's data channel). */
export type RemoteCamera = 'on' | 'off' | 'paused' | 'none';

/** Words over a video tile that shows no picture, or '' while the picture is live. */
export function cameraWords(name: string, camera: RemoteCamera): string {
  switch (camera) {
    case 'on':
      return '';
    case 'off':
      return `${name} turned the camera off.`;
    case 'paused':
      return `${name}'s video is paused while the connection is poor.`;
    case 'none':
      return `${name} joined without a camera.`;
  }
}

/** The slots that can still be booked at `nowMs`: not yet begun, and not among `taken` (ids a booking just lost). */
export function bookableSlots(slots: Slot[], nowMs: number, taken: ReadonlySet<string> = new Set()): Slot[] {
  return slots.filter((slot) => Date.parse(slot.start) > nowMs && !taken.has(slot.id));
}
