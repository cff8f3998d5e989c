// One remote voice placed in the room: a received WebRTC audio track played
// through WebAudio (source -> gain -> HRTF PannerNode -> the context's
// output) at a position the caller keeps up to date, and the listener put at
// the own avatar, facing its yaw. Shared by everything in web/src/voice and
// web/src/groups that plays remote voices; it holds no policy (who is heard,
// how loud beyond distance), only the audio graph.
//
// Chrome pulls a remote WebRTC stream into WebAudio only while a media
// element plays it, so each source keeps a muted <audio> element attached.

export interface Position {
  x: number;
  y: number;
  z: number;
}

/** Distance roll-off shared by the spatial voices (metres). */
export const kSpatialDefaults = { refDistance: 1.5, maxDistance: 30, rolloffFactor: 1.2 };

export class SpatialSource {
  private readonly element: HTMLAudioElement;
  private readonly source: MediaStreamAudioSourceNode;
  private readonly gain: GainNode;
  private readonly panner: PannerNode;
  private readonly analyser: AnalyserNode;
  private readonly samples: Float32Array<ArrayBuffer>;

  constructor(private readonly context: AudioContext, track: MediaStreamTrack) {
    const stream = new MediaStream([track]);
    this.element = new Audio();
    this.element.muted = true;
    this.element.srcObject = stream;
    void this.element.play().catch(() => {});
    this.source = context.createMediaStreamSource(stream);
    this.gain = context.createGain();
    this.analyser = context.createAnalyser();
    this.analyser.fftSize = 512;
    this.samples = new Float32Array(this.analyser.fftSize);
    this.panner = new PannerNode(context, {
      panningModel: 'HRTF',
      distanceModel: 'inverse',
      ...kSpatialDefaults,
    });
    this.source.connect(this.analyser);
    this.source.connect(this.gain).connect(this.panner).connect(context.destination);
  }

  /** Where the voice comes from (world metres; y up). */
  place(position: Position): void {
    const at = this.context.currentTime;
    this.panner.positionX.setTargetAtTime(position.x, at, 0.05);
    this.panner.positionY.setTargetAtTime(position.y, at, 0.05);
    this.panner.positionZ.setTargetAtTime(position.z, at, 0.05);
  }

  /** 0 silences, 1 is as received. */
  setVolume(volume: number): void {
    this.gain.gain.setTargetAtTime(Math.max(0, volume), this.context.currentTime, 0.05);
  }

  /** RMS of the latest samples (0..1), for a speaking indicator. */
  level(): number {
    this.analyser.getFloatTimeDomainData(this.samples);
    let sum = 0;
    for (const sample of this.samples) sum += sample * sample;
    return Math.sqrt(sum / this.samples.length);
  }

  dispose(): void {
    this.source.disconnect();
    this.gain.disconnect();
    this.panner.disconnect();
    this.analyser.disconnect();
    this.element.srcObject = null;
  }
}

/**
 * Puts the listener at `position` facing `yaw` (radians about +y; yaw 0
 * faces +z, the world's convention in net/quantize.ts and the 3D view).
 */
export function placeListener(context: AudioContext, position: Position, yaw: number): void {
  const listener = context.listener;
  const at = context.currentTime;
  const forward = { x: Math.sin(yaw), y: 0, z: Math.cos(yaw) };
  if (listener.positionX) {
    listener.positionX.setTargetAtTime(position.x, at, 0.05);
    listener.positionY.setTargetAtTime(position.y, at, 0.05);
    listener.positionZ.setTargetAtTime(position.z, at, 0.05);
    listener.forwardX.setTargetAtTime(forward.x, at, 0.05);
    listener.forwardY.setTargetAtTime(forward.y, at, 0.05);
    listener.forwardZ.setTargetAtTime(forward.z, at, 0.05);
    listener.upX.value = 0;
    listener.upY.value = 1;
    listener.upZ.value = 0;
  } else {
    listener.setPosition(position.x, position.y, position.z);
    listener.setOrientation(forward.x, forward.y, forward.z, 0, 1, 0);
  }
}
