// The browser's WebRTC side of a group call (GroupMedia for group-call.ts):
// the microphone and the publisher connection (audio at mid 0, a video slot
// at mid 1 that carries the camera only while the host has put this person
// on stage), and one receiving connection per remote feed whose tracks go to
// `onTrack`. Low-data mode caps the voice at 16 kbit/s mono and sends no
// video. Janus gathers its own candidates; ours trickle to it, with the
// ICE servers of GET /api/rtc-config (coturn), so people behind strict
// firewalls reach Janus through TURN.

import type { Jsep } from './janus-session';
import type { GroupMedia, PublisherPeer, SubscriberPeer } from './group-call';

export const kLowDataAudioBps = 16000;
export const kStageVideoBps = 300000;

export interface GroupMediaOptions {
  lowData(): boolean;
  /** STUN/TURN servers (GET /api/rtc-config). */
  iceServers(): RTCIceServer[];
  onTrack(feed: number, display: string, track: MediaStreamTrack): void;
  onFeedClosed(feed: number): void;
}

function candidateOf(event: RTCPeerConnectionIceEvent): RTCIceCandidateInit | null {
  return event.candidate ? event.candidate.toJSON() : null;
}

export class BrowserGroupMedia implements GroupMedia {
  private microphone: MediaStream | undefined;
  private camera: MediaStreamTrack | undefined;
  private videoSender: RTCRtpSender | undefined;
  private audioSender: RTCRtpSender | undefined;
  private mutedValue = false;
  private hostMutedValue = false;
  /** Every open connection, for getStats in tests and the benchmark. */
  readonly connections = new Map<string, RTCPeerConnection>();

  constructor(private readonly options: GroupMediaOptions) {}

  get muted(): boolean {
    return this.mutedValue;
  }

  /** Self mute: the microphone track sends silence (the host's mute is separate, in Janus). */
  setMuted(muted: boolean): void {
    this.mutedValue = muted;
    this.applyMute();
  }

  /**
   * The host's mute where no media server enforces it (a peer-to-peer room):
   * the own track sends silence too (and the others' browsers silence it).
   */
  setHostMuted(muted: boolean): void {
    this.hostMutedValue = muted;
    this.applyMute();
  }

  /** The microphone, opened on first use (echo cancellation, noise suppression, auto gain). */
  async openMicrophone(): Promise<MediaStream> {
    this.microphone ??= await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true } });
    this.applyMute();
    return this.microphone;
  }

  private applyMute(): void {
    for (const track of this.microphone?.getAudioTracks() ?? []) track.enabled = !this.mutedValue && !this.hostMutedValue;
  }

  /** On stage: the camera goes out on mid 1; off stage it stops. Resolves with words on failure. */
  async setOnStage(onStage: boolean): Promise<string | undefined> {
    if (!onStage || this.options.lowData()) {
      await this.videoSender?.replaceTrack(null);
      this.camera?.stop();
      this.camera = undefined;
      return onStage ? 'Low-data mode is on, so your camera stays off.' : undefined;
    }
    if (this.camera) return undefined;
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 360 } });
      this.camera = stream.getVideoTracks()[0];
      await this.videoSender?.replaceTrack(this.camera ?? null);
      return undefined;
    } catch {
      return 'Your camera could not be used, so people on stage hear you but cannot see you.';
    }
  }

  async publisher(): Promise<PublisherPeer> {
    const microphone = await this.openMicrophone();
    const connection = new RTCPeerConnection({ bundlePolicy: 'max-bundle', iceServers: this.options.iceServers() });
    this.connections.set('publisher', connection);
    const audio = connection.addTransceiver(microphone.getAudioTracks()[0], { direction: 'sendonly', streams: [microphone] });
    const video = connection.addTransceiver('video', { direction: 'sendonly' });
    this.audioSender = audio.sender;
    this.videoSender = video.sender;
    if (this.camera) await video.sender.replaceTrack(this.camera);
    const peer: PublisherPeer = {
      onCandidate: () => {},
      offer: async () => {
        const offer = await connection.createOffer();
        await connection.setLocalDescription(offer);
        return { type: 'offer', sdp: connection.localDescription?.sdp ?? offer.sdp ?? '' };
      },
      accept: async (answer: Jsep) => {
        await connection.setRemoteDescription(answer);
        await this.applyBitrates();
      },
      close: () => {
        connection.close();
        if (this.connections.get('publisher') === connection) this.connections.delete('publisher');
      },
    };
    connection.onicecandidate = (event) => peer.onCandidate(candidateOf(event));
    return peer;
  }

  /** Low-data mode changed (or the publisher just connected): cap what goes out. */
  async applyBitrates(): Promise<void> {
    const low = this.options.lowData();
    for (const [sender, bps] of [[this.audioSender, low ? kLowDataAudioBps : undefined], [this.videoSender, kStageVideoBps]] as const) {
      if (!sender) continue;
      const parameters = sender.getParameters();
      if (!parameters.encodings?.length) continue;
      parameters.encodings[0].maxBitrate = bps;
      await sender.setParameters(parameters).catch(() => {});
    }
    if (low) await this.setOnStage(false);
  }

  subscriber(feed: number, display: string): SubscriberPeer {
    const connection = new RTCPeerConnection({ bundlePolicy: 'max-bundle', iceServers: this.options.iceServers() });
    const key = `feed:${feed}`;
    this.connections.get(key)?.close();
    this.connections.set(key, connection);
    connection.ontrack = (event) => this.options.onTrack(feed, display, event.track);
    const peer: SubscriberPeer = {
      onCandidate: () => {},
      answer: async (offer: Jsep) => {
        await connection.setRemoteDescription(offer);
        const answer = await connection.createAnswer();
        await connection.setLocalDescription(answer);
        return { type: 'answer', sdp: connection.localDescription?.sdp ?? answer.sdp ?? '' };
      },
      close: () => {
        connection.close();
        if (this.connections.get(key) === connection) this.connections.delete(key);
        this.options.onFeedClosed(feed);
      },
    };
    connection.onicecandidate = (event) => peer.onCandidate(candidateOf(event));
    return peer;
  }

  /** Stops the microphone and camera (leaving the room). */
  stop(): void {
    for (const connection of this.connections.values()) connection.close();
    this.connections.clear();
    for (const track of this.microphone?.getTracks() ?? []) track.stop();
    this.microphone = undefined;
    this.camera?.stop();
    this.camera = undefined;
  }
}
