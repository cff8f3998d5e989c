// Opening the microphone for proximity voice: one mono track with echo
// cancellation, noise suppression and automatic gain (people talk without
// headphones), or why it could not be opened (ui/media-errors.ts). Only
// getUserMedia is touched here; the caller owns and stops the stream.

import { errorName, mediaErrorKind } from '../ui/media-errors';
import type { MicState } from './proximity-state';

export async function openMicrophone(): Promise<{ stream?: MediaStream; state: MicState }> {
  if (!window.isSecureContext || !navigator.mediaDevices?.getUserMedia) return { state: 'insecure' };
  try {
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true, channelCount: 1 },
    });
    return { stream, state: 'open' };
  } catch (error) {
    return { state: mediaErrorKind(errorName(error)) };
  }
}

export function stopMicrophone(stream: MediaStream | undefined): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}
