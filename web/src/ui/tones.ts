// One generated note (Web Audio, nothing downloaded): an oscillator under a
// short attack and an exponential decay, started and stopped on the audio
// clock. The kit's, for the clinic's test tone and chime and the gym's music.

export interface Note {
  hz: number;
  /** When it starts, on the audio clock (s). */
  atS: number;
  lengthS: number;
  /** Peak gain (0..1). */
  level: number;
  type?: OscillatorType;
}

export function playNote(audio: BaseAudioContext, destination: AudioNode, note: Note): void {
  const oscillator = audio.createOscillator();
  const gain = audio.createGain();
  oscillator.type = note.type ?? 'sine';
  oscillator.frequency.value = note.hz;
  gain.gain.setValueAtTime(0.0001, note.atS);
  gain.gain.exponentialRampToValueAtTime(note.level, note.atS + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, note.atS + note.lengthS);
  oscillator.connect(gain).connect(destination);
  oscillator.start(note.atS);
  oscillator.stop(note.atS + note.lengthS + 0.05);
}
