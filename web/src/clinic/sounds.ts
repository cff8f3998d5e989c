// Generated sounds (WebAudio, nothing downloaded): the speaker-test tone and
// the care team's arrival chime. Browsers start audio only after a click, so
// the shared AudioContext is created (or resumed) from a user's click first.

import { playNote } from '../ui/tones';

let context: AudioContext | undefined;

/** The page's AudioContext; undefined where WebAudio is missing. Call from a click to unlock it. */
export function audioContext(): AudioContext | undefined {
  if (typeof AudioContext === 'undefined') return undefined;
  context ??= new AudioContext();
  if (context.state === 'suspended') void context.resume().catch(() => {});
  return context;
}

function note(audio: AudioContext, frequencyHz: number, startS: number, durationS: number, volume: number): void {
  playNote(audio, audio.destination, { hz: frequencyHz, atS: audio.currentTime + startS, lengthS: durationS, level: volume });
}

/** A one-second test tone (440 Hz). Returns false when no sound can be made. */
export function playTestTone(): boolean {
  const audio = audioContext();
  if (!audio) return false;
  note(audio, 440, 0, 1, 0.3);
  return true;
}

/** A two-note door chime. */
export function playChime(): boolean {
  const audio = audioContext();
  if (!audio || audio.state !== 'running') return false;
  note(audio, 880, 0, 0.5, 0.25);
  note(audio, 660, 0.35, 0.7, 0.25);
  return true;
}
