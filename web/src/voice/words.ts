// Every voice state in words, for the People list and the voice panel.

import type { NeighbourState } from './neighbours';

/** The server's refusal of a voice signal (error codes, docs/protocol.md), as "can't connect: …". */
export function refusalWords(code: string): string {
  switch (code) {
    case 'voice_not_on':
      return "can't connect: your voice is not on yet";
    case 'peer_voice_off':
      return "can't connect: they have voice off";
    case 'voice_out_of_range':
      return "can't connect: they are too far away to talk to";
    case 'voice_off_here':
      return "can't connect: voice is off where one of you stands";
    case 'voice_staff_only':
      return "can't connect: voice here is for staff only";
    default:
      return `can't connect: ${code.replace(/_/g, ' ')}`;
  }
}

/**
 * What the voice link to one person is: the neighbour choice plus the
 * connection's state. Whether they speak or muted themselves is said by the
 * People list's activity words (net/realtime.ts), from what we hear of them.
 */
export type PersonVoice =
  | { kind: 'not-chosen'; state: Exclude<NeighbourState, 'chosen'> }
  | { kind: 'connecting' }
  /** We would talk, but no connection came: they hear six people nearer to them. */
  | { kind: 'waiting' }
  | { kind: 'connected'; mutedForMe: boolean }
  | { kind: 'refused'; code: string }
  | { kind: 'failed' };

export function personVoiceWords(voice: PersonVoice): string {
  switch (voice.kind) {
    case 'not-chosen':
      return {
        'voice-off': 'voice off',
        zone: 'voice is off where one of you stands',
        'out-of-range': 'out of range',
        crowded: 'not connected: you hear the six nearest',
      }[voice.state];
    case 'connecting':
      return 'connecting…';
    case 'waiting':
      return 'not connected: they hear six people nearer to them';
    case 'connected':
      return voice.mutedForMe ? 'connected, muted for you' : 'connected';
    case 'refused':
      return refusalWords(voice.code);
    case 'failed':
      return "can't connect: the network between you does not let audio through";
  }
}
