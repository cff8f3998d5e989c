// Camera and microphone: opening them one at a time (so one refusal does not
// hide the other), the words for each way that fails, the level of a
// microphone signal, and the media for a call (audio and video, else audio
// only, else nothing). Only getUserMedia and MediaStream are touched here.

import { errorName, mediaErrorKind } from '../ui/media-errors';
import type { DeviceResult } from './api';

export type Device = 'camera' | 'microphone';

export interface DeviceOutcome {
  result: DeviceResult;
  words: string; // what happened and what to do, for the patient
}

const deviceNames: Record<Device, string> = { camera: 'camera', microphone: 'microphone' };

/** What a getUserMedia failure means for `device`, in plain words. */
export function describeMediaError(name: string, device: Device): DeviceOutcome {
  const thing = deviceNames[device];
  switch (mediaErrorKind(name)) {
    case 'denied':
      return {
        result: 'denied',
        words:
          `Your browser blocked the ${thing}. To allow it, click the lock or ${thing} icon next to the address bar, ` +
          `choose "Allow" for the ${thing}, then press "Test again". You can also continue without it.`,
      };
    case 'missing':
      return {
        result: 'missing',
        words: `No ${thing} was found. Plug one in (or turn it on) and press "Test again", or continue without it.`,
      };
    case 'busy':
      return {
        result: 'missing',
        words: `The ${thing} is in use by another program or could not start. Close other video-call apps and press "Test again", or continue without it.`,
      };
    case 'insecure':
      return {
        result: 'missing',
        words: `The ${thing} can only be used on a secure (https) page. Ask your clinic for the https address, or continue without it.`,
      };
    default:
      return { result: 'missing', words: `The ${thing} could not be used (${name}). Press "Test again", or continue without it.` };
  }
}

export interface OpenedDevice {
  stream?: MediaStream;
  outcome: DeviceOutcome;
}

/** Opens the camera or the microphone alone. */
export async function openDevice(device: Device): Promise<OpenedDevice> {
  if (!navigator.mediaDevices?.getUserMedia) return { outcome: describeMediaError('InsecureContext', device) };
  try {
    const stream = await navigator.mediaDevices.getUserMedia(device === 'camera' ? { video: true } : { audio: true });
    return { stream, outcome: { result: 'ok', words: device === 'camera' ? 'Your camera works.' : 'Your microphone works.' } };
  } catch (error) {
    return { outcome: describeMediaError(errorName(error), device) };
  }
}

export function stopStream(stream: MediaStream | undefined): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

/** The loudness (RMS, 0..1) of 8-bit time-domain samples centred on 128 (AnalyserNode.getByteTimeDomainData). */
export function rmsLevel(samples: Uint8Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const sample of samples) {
    const value = (sample - 128) / 128;
    sum += value * value;
  }
  return Math.min(1, Math.sqrt(sum / samples.length));
}

export type CallMedia = 'video' | 'audio' | 'none';

/** What the patient chose at check-in: the most a call may use. */
export type CallMode = 'video' | 'audio' | 'text';

/**
 * The local media for a call: audio and video, falling back to audio only,
 * then to nothing (text chat). `mode` caps what is asked for.
 */
export async function acquireCallMedia(mode: CallMode): Promise<{ stream?: MediaStream; media: CallMedia; words: string }> {
  if (mode === 'text' || !navigator.mediaDevices?.getUserMedia) {
    return { media: 'none', words: mode === 'text' ? 'You chose text only: use the Chat panel.' : 'This page cannot use a camera or microphone; use the Chat panel.' };
  }
  if (mode === 'video') {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
      return { stream, media: 'video', words: '' };
    } catch {
      // fall through to audio only
    }
  }
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    return { stream, media: 'audio', words: mode === 'video' ? 'Your camera could not be used, so the visit is sound only.' : '' };
  } catch (error) {
    return { media: 'none', words: `${describeMediaError(errorName(error), 'microphone').words} Meanwhile, use the Chat panel.` };
  }
}
