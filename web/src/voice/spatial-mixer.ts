// Where each voice comes from (Web Audio): every remote voice passes a gain
// (your volume for them, "mute for me", walls between you) and a PannerNode
// (HRTF, linear roll-off from 1 m to the 10 m where the connection closes,
// so a voice fades out before it is hung up) placed at their head; the
// listener sits where the camera is. Each voice and your own microphone also
// feed an analyser whose level drives the speaking indicators. Owns the
// AudioContext; create it from a click (browsers start audio only after one).

import { kVoiceReleaseM } from '../net/messages';
import { rms } from './speaking';

export interface Point3 {
  x: number;
  y: number;
  z: number;
}

export interface ListenerPose {
  position: Point3;
  forward: Point3; // where the listener faces (unit length)
}

/** How quickly positions and gains glide to a new value (s): smooth between updates, no zipper noise. */
const kGlideS = 0.08;

interface Voice {
  source: MediaStreamAudioSourceNode;
  gain: GainNode;
  panner: PannerNode;
  analyser: AnalyserNode;
  // Chromium plays a remote WebRTC stream into Web Audio only while a media
  // element also consumes it; this one stays muted and off the page.
  sink: HTMLAudioElement;
}

export class SpatialMixer {
  readonly context: AudioContext;
  private readonly voices = new Map<number, Voice>();
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
    const context = this.context;
    const sink = new Audio();
    sink.muted = true;
    sink.srcObject = stream;
    void sink.play().catch(() => {});
    const source = context.createMediaStreamSource(stream);
    const analyser = context.createAnalyser();
    analyser.fftSize = 1024;
    const gain = context.createGain();
    const panner = new PannerNode(context, {
      panningModel: 'HRTF',
      distanceModel: 'linear',
      refDistance: 1,
      maxDistance: kVoiceReleaseM,
      rolloffFactor: 1,
    });
    source.connect(analyser);
    source.connect(gain).connect(panner).connect(context.destination);
    this.voices.set(entity, { source, gain, panner, analyser, sink });
  }

  remove(entity: number): void {
    const voice = this.voices.get(entity);
    if (!voice) return;
    this.voices.delete(entity);
    voice.source.disconnect();
    voice.gain.disconnect();
    voice.panner.disconnect();
    voice.sink.srcObject = null;
  }

  has(entity: number): boolean {
    return this.voices.has(entity);
  }

  /** Puts `entity`'s voice at `position` with `gain` (volume x mute-for-me x walls). */
  place(entity: number, position: Point3, gain: number): void {
    const voice = this.voices.get(entity);
    if (!voice) return;
    const at = this.context.currentTime;
    voice.panner.positionX.setTargetAtTime(position.x, at, kGlideS);
    voice.panner.positionY.setTargetAtTime(position.y, at, kGlideS);
    voice.panner.positionZ.setTargetAtTime(position.z, at, kGlideS);
    voice.gain.gain.setTargetAtTime(gain, at, kGlideS);
  }

  setListener(pose: ListenerPose): void {
    const listener = this.context.listener;
    const at = this.context.currentTime;
    if (listener.positionX) {
      listener.positionX.setTargetAtTime(pose.position.x, at, kGlideS);
      listener.positionY.setTargetAtTime(pose.position.y, at, kGlideS);
      listener.positionZ.setTargetAtTime(pose.position.z, at, kGlideS);
      listener.forwardX.setTargetAtTime(pose.forward.x, at, kGlideS);
      listener.forwardY.setTargetAtTime(pose.forward.y, at, kGlideS);
      listener.forwardZ.setTargetAtTime(pose.forward.z, at, kGlideS);
      listener.upX.value = 0;
      listener.upY.value = 1;
      listener.upZ.value = 0;
    } else {
      // Older engines have only the deprecated setters.
      listener.setPosition(pose.position.x, pose.position.y, pose.position.z);
      listener.setOrientation(pose.forward.x, pose.forward.y, pose.forward.z, 0, 1, 0);
    }
  }

  /** The loudness (RMS, 0..1) of `entity`'s voice now, before your volume; 0 when there is none. */
  level(entity: number): number {
    const voice = this.voices.get(entity);
    return voice ? this.rmsOf(voice.analyser) : 0;
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
    return this.micAnalyser ? this.rmsOf(this.micAnalyser) : 0;
  }

  close(): void {
    for (const entity of [...this.voices.keys()]) this.remove(entity);
    this.setMicrophone(undefined);
    void this.context.close().catch(() => {});
  }

  private rmsOf(analyser: AnalyserNode): number {
    analyser.getFloatTimeDomainData(this.samples);
    return rms(this.samples);
  }
}
