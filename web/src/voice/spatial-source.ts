// One remote voice placed in the room: a received WebRTC audio track played
// through WebAudio (source -> gain -> HRTF PannerNode -> the context's
// output) at a position the caller keeps up to date, and the listener's
// place. Shared by everything in web/src/voice and
// web/src/groups that plays remote voices; it holds no policy (who is heard,
// how loud beyond distance), only the audio graph.
//
// Chrome pulls a remote WebRTC stream into WebAudio only while a media
// element plays it, so each source keeps a muted <audio> element attached.

import { rms } from './speaking';

export interface Position {
  x: number;
  y: number;
  z: number;
}

/** How a voice fades with distance: a PannerNode's distance settings (metres). */
export interface Rolloff {
  distanceModel: DistanceModelType;
  refDistance: number;
  maxDistance: number;
  rolloffFactor: number;
}

/** Distance roll-off of group rooms' voices (metres). */
export const kSpatialDefaults: Rolloff = { distanceModel: 'inverse', refDistance: 1.5, maxDistance: 30, rolloffFactor: 1.2 };

/** How quickly positions and gains glide to a new value (s): smooth between updates, no zipper noise. */
const kGlideS = 0.06;

export class SpatialSource {
  private readonly element: HTMLAudioElement;
  private readonly source: MediaStreamAudioSourceNode;
  private readonly gain: GainNode;
  private readonly panner: PannerNode;
  private readonly analyser: AnalyserNode;
  private readonly samples: Float32Array<ArrayBuffer>;

  /** Plays `stream` (or a stream of `track`) from where place() puts it. */
  constructor(private readonly context: AudioContext, media: MediaStreamTrack | MediaStream, rolloff: Rolloff = kSpatialDefaults) {
    const stream = media instanceof MediaStream ? media : new MediaStream([media]);
    this.element = new Audio();
    this.element.muted = true;
    this.element.srcObject = stream;
    void this.element.play().catch(() => {});
    this.source = context.createMediaStreamSource(stream);
    this.gain = context.createGain();
    this.analyser = context.createAnalyser();
    this.analyser.fftSize = 1024;
    this.samples = new Float32Array(this.analyser.fftSize);
    this.panner = new PannerNode(context, { panningModel: 'HRTF', ...rolloff });
    this.source.connect(this.analyser);
    this.source.connect(this.gain).connect(this.panner).connect(context.destination);
  }

  /** Where the voice comes from (world metres; y up). */
  place(position: Position): void {
    const at = this.context.currentTime;
    this.panner.positionX.setTargetAtTime(position.x, at, kGlideS);
    this.panner.positionY.setTargetAtTime(position.y, at, kGlideS);
    this.panner.positionZ.setTargetAtTime(position.z, at, kGlideS);
  }

  /** 0 silences, 1 is as received. */
  setVolume(volume: number): void {
    this.gain.gain.setTargetAtTime(Math.max(0, volume), this.context.currentTime, kGlideS);
  }

  /** RMS of the latest samples (0..1), before the volume, for a speaking indicator. */
  level(): number {
    this.analyser.getFloatTimeDomainData(this.samples);
    return rms(this.samples);
  }

  dispose(): void {
    this.source.disconnect();
    this.gain.disconnect();
    this.panner.disconnect();
    this.analyser.disconnect();
    this.element.srcObject = null;
  }
}

/** Puts the listener at `position` facing `forward` (a unit vector; up is +y). */
export function placeListener(context: AudioContext, position: Position, forward: Position): void {
  const listener = context.listener;
  const at = context.currentTime;
  if (listener.positionX) {
    listener.positionX.setTargetAtTime(position.x, at, kGlideS);
    listener.positionY.setTargetAtTime(position.y, at, kGlideS);
    listener.positionZ.setTargetAtTime(position.z, at, kGlideS);
    listener.forwardX.setTargetAtTime(forward.x, at, kGlideS);
    listener.forwardY.setTargetAtTime(forward.y, at, kGlideS);
    listener.forwardZ.setTargetAtTime(forward.z, at, kGlideS);
    listener.upX.value = 0;
    listener.upY.value = 1;
    listener.upZ.value = 0;
  } else {
    // Older engines have only the deprecated setters.
    listener.setPosition(position.x, position.y, position.z);
    listener.setOrientation(forward.x, forward.y, forward.z, 0, 1, 0);
  }
}

/** The direction of a yaw (radians about +y; yaw 0 faces +z, the world's convention in net/quantize.ts and the 3D view). */
export function forwardOf(yaw: number): Position {
  return { x: Math.sin(yaw), y: 0, z: Math.cos(yaw) };
}
