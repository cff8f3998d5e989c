// Proximity voice's own state and each person's, in words: what the Voice
// panel says about you (off, muted, speaking, mic permission denied, no
// microphone, needs HTTPS, voice off here...) and what the People list says
// beside each person (connecting, connected, out of range, refused...), and
// when a refused or hung-up connection may be tried again. Pure: facts and
// `now` (ms) in, words and decisions out; proximity.ts gathers the facts.

import type { MediaErrorKind } from '../ui/media-errors';
import { kNeighbourDefaults, type NeighbourState } from './neighbours';
import { personVoiceWords, type PersonVoice } from './words';

/** How often the nearest people are chosen again (a few times a second, not every frame). */
export const kChooseEveryMs = 250;
/** A refusal stays beside the person this long. */
export const kRefusalShownMs = 10000;
/** After a refusal, no new offer to them for this long. */
export const kRetryAfterRefusalMs = 5000;
/** After they hung up on us (a bye), no new offer to them for this long. */
export const kRetryAfterByeMs = 3000;
/** A connection that is not up after this long has failed. */
export const kConnectTimeoutMs = 15000;
/** Chosen but no offer came from their side after this long: they hear people nearer to them. */
export const kWaitingAfterMs = 4000;

/** The microphone: not asked for yet, being opened, open, or why not. */
export type MicState = 'closed' | 'opening' | 'open' | MediaErrorKind;

export interface SelfVoice {
  /** This browser has WebRTC and WebAudio. */
  supported: boolean;
  /** The person turned voice on. */
  on: boolean;
  /** Low-data mode is on and Settings say voice is off in it. */
  lowDataOff: boolean;
  /** Why voice cannot run where you stand (policy.ts hereWords); '' where it can. */
  here: string;
  mic: MicState;
  /** The mute toggle (M); voice starts muted. */
  muted: boolean;
  /** Push-to-talk held (T, the Hold to talk button, a VR grip). */
  talking: boolean;
  /** Your microphone's level says you speak (speaking.ts). */
  speaking: boolean;
  /** The names of the people connected now. */
  hearing: readonly string[];
}

/** Whether what the microphone picks up goes out now. */
export function micLive(self: Pick<SelfVoice, 'mic' | 'muted' | 'talking'>): boolean {
  return self.mic === 'open' && (!self.muted || self.talking);
}

const kListenOnly = 'You can hear people near you, but they cannot hear you.';

function micProblemWords(mic: MicState): string {
  switch (mic) {
    case 'denied':
      return `Microphone permission denied. ${kListenOnly} To talk, allow the microphone for this site (the icon next to the address bar), then turn voice off and on again.`;
    case 'missing':
      return `No microphone was found. ${kListenOnly} Plug one in, then turn voice off and on again.`;
    case 'busy':
      return `The microphone is in use by another program. ${kListenOnly} Close it, then turn voice off and on again.`;
    case 'insecure':
      return `The microphone needs a secure (HTTPS) page. ${kListenOnly} Ask for this hospital's https:// address.`;
    case 'other':
      return `The microphone could not be opened. ${kListenOnly}`;
    default:
      return '';
  }
}

/** One sentence or two for the Voice panel's status line. */
export function selfVoiceWords(self: SelfVoice): string {
  const radius = kNeighbourDefaults.radiusM;
  if (!self.supported) return 'Voice does not work in this browser (it has no WebRTC or Web Audio).';
  if (self.lowDataOff) return 'Voice is off in low-data mode. To use it, choose "Mono, 16 kbit/s" for voice in Settings, or turn low-data mode off.';
  if (!self.on && self.here) return self.here;
  if (!self.on) return `Voice is off. Turn it on to hear people within ${radius} m of you; your microphone stays muted until you unmute it.`;
  if (self.here) return `${self.here} You will hear people again where voice is allowed.`;
  if (self.mic === 'opening') return 'Opening your microphone… Your browser may ask whether to allow it.';
  const problem = micProblemWords(self.mic);
  const mine = problem
    ? problem
    : !micLive(self)
      ? 'Voice on, microphone muted. Hold T (or Hold to talk) to talk, or press M to unmute.'
      : self.talking && self.muted
          ? 'Voice on: talking while you hold the key or button.'
          : 'Voice on, microphone on: people near you hear you. Press M to mute.';
  return `${mine} ${hearingWords(self.hearing, radius)}`;
}

/**
 * Whether you are heard speaking now, beside the status line (not in it: a
 * status that changed with every word would keep a screen reader talking).
 */
export function speakingWords(self: SelfVoice): string {
  if (!self.on || self.here || !micLive(self)) return '';
  return self.speaking ? 'You are speaking.' : 'Quiet: nothing heard from your microphone.';
}

function hearingWords(names: readonly string[], radius: number): string {
  if (names.length === 0) return `Nobody with voice on is within ${radius} m.`;
  const list = names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
  return `Connected with ${names.length === 1 ? '1 person' : `${names.length} people`}: ${list}.`;
}

/** What is known of one other person, gathered each time the nearest are chosen. */
export interface PersonFacts {
  /** From the last choice; undefined before the first. */
  neighbour: NeighbourState | undefined;
  /** Since when they have been chosen without a connection (ms), if they are. */
  chosenSince?: number;
  link: 'none' | 'connecting' | 'connected' | 'failed';
  /** The last refusal of a signal to them, while it is shown. */
  refusal?: { code: string; at: number };
  mutedForMe: boolean;
}

export function personVoice(facts: PersonFacts, now: number): PersonVoice {
  if (facts.refusal && now - facts.refusal.at < kRefusalShownMs && facts.link !== 'connected') {
    return { kind: 'refused', code: facts.refusal.code };
  }
  switch (facts.link) {
    case 'connected':
      return { kind: 'connected', mutedForMe: facts.mutedForMe };
    case 'failed':
      return { kind: 'failed' };
    case 'connecting':
      return { kind: 'connecting' };
    case 'none':
      break;
  }
  if (facts.neighbour === undefined) return { kind: 'connecting' };
  if (facts.neighbour !== 'chosen') return { kind: 'not-chosen', state: facts.neighbour };
  const waited = facts.chosenSince === undefined ? 0 : now - facts.chosenSince;
  return waited >= kWaitingAfterMs ? { kind: 'waiting' } : { kind: 'connecting' };
}

export function personWords(facts: PersonFacts, now: number): string {
  return personVoiceWords(personVoice(facts, now));
}

/** Whether a new offer to someone may go out: not while a refusal or their hang-up is fresh. */
export function mayOffer(refusedAt: number | undefined, byeAt: number | undefined, now: number): boolean {
  if (refusedAt !== undefined && now - refusedAt < kRetryAfterRefusalMs) return false;
  if (byeAt !== undefined && now - byeAt < kRetryAfterByeMs) return false;
  return true;
}
