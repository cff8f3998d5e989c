// Where each voice comes from (Web Audio): every remote voice passes a gain
// (your volume for them, "mute for me", walls between you) and a PannerNode
// (HRTF, linear roll-off from 1 m to the 10 m where the connection closes,
// so a voice fades out before it is hung up) placed at their head; the
// listener sits where the camera is. Each voice and your own microphone also
// feed an analyser whose level drives the speaking indicators. Each voice is
// a SpatialSource (spatial-source.ts, the graph group rooms use too). Owns the
// AudioContext; create it from a click (browsers start audio only after one).

import { kVoiceReleaseM } from '../net/messages';
import { placeListener, SpatialSource, type Position, type Rolloff } from './spatial-source';
import { rms } from './speaking';

/** Linear roll-off from 1 m to where the connection closes, so a voice fades out before it is hung up. */
const kProximityRolloff: Rolloff = { distanceModel: 'linear', refDistance: 1, maxDistance: kVoiceReleaseM, rolloffFactor: 1 };

export type Point3 = Position;

export interface ListenerPose {
  position: Point3;
  forward: Point3; // where the listener faces (unit length)
}

export class SpatialMixer {
  readonly context: AudioContext;
  private readonly voices = new Map<number, SpatialSource>();
  private micAnalyser: AnalyserNode | undefined;
  private micSource: MediaStreamAudioSourceNode | undefined;
  private readonly samples = new Float32Array(1024);

  constructor() {
    this.context = new AudioContext({ latencyHint: 'interactive' });
  }

  /** After a click: browsers keep a new context suspended until the page was used. */
  resume(): void {
    if (this.context.state === 'suspended') void this.context.resume().catch(() => {});
  }

  add(entity: number, stream: MediaStream): void {
    this.remove(entity);
    this.voices.set(entity, new SpatialSource(this.context, stream, kProximityRolloff));
  }

  remove(entity: number): void {
    this.voices.get(entity)?.dispose();
    this.voices.delete(entity);
  }

  has(entity: number): boolean {
    return this.voices.has(entity);
  }

  /** Puts `entity`'s voice at `position` with `gain` (volume x mute-for-me x walls). */
  place(entity: number, position: Point3, gain: number): void {
    const voice = this.voices.get(entity);
    if (!voice) return;
    voice.place(position);
    voice.setVolume(gain);
  }

  setListener(pose: ListenerPose): void {
    placeListener(this.context, pose.position, pose.forward);
  }

  /** The loudness (RMS, 0..1) of `entity`'s voice now, before your volume; 0 when there is none. */
  level(entity: number): number {
    return this.voices.get(entity)?.level() ?? 0;
  }

  /** Listens to your own microphone for the speaking indicator (undefined: none). */
  setMicrophone(stream: MediaStream | undefined): void {
    this.micSource?.disconnect();
    this.micSource = undefined;
    this.micAnalyser = undefined;
    if (!stream || stream.getAudioTracks().length === 0) return;
    this.micSource = this.context.createMediaStreamSource(stream);
    this.micAnalyser = this.context.createAnalyser();
    this.micAnalyser.fftSize = 1024;
    this.micSource.connect(this.micAnalyser); // analysed only, never played back
  }

  micLevel(): number {
    if (!this.micAnalyser) return 0;
    this.micAnalyser.getFloatTimeDomainData(this.samples);
    return rms(this.samples);
  }

  close(): void {
    for (const entity of [...this.voices.keys()]) this.remove(entity);
    this.setMicrophone(undefined);
    void this.context.close().catch(() => {});
  }
}
