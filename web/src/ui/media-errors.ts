// Why a camera or microphone could not be opened, as one of a few kinds that
// every feature words for its own situation (the clinic's check-in,
// proximity voice). The shared kit: features import it, it imports nothing.

/** What a getUserMedia failure comes down to. */
export type MediaErrorKind = 'denied' | 'missing' | 'busy' | 'insecure' | 'other';

/** The kind of a getUserMedia failure, from the DOMException's name ('InsecureContext': no getUserMedia here). */
export function mediaErrorKind(name: string): MediaErrorKind {
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return 'denied';
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return 'missing';
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return 'busy';
    case 'InsecureContext':
      return 'insecure';
    default:
      return 'other';
  }
}

/** The name of a thrown error (a DOMException's name), 'Error' for anything else. */
export function errorName(error: unknown): string {
  return error instanceof DOMException || error instanceof Error ? error.name : 'Error';
}
