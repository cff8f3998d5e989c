import { describe, expect, it } from 'vitest';
import { mediaErrorKind } from '../ui/media-errors';
import { lowDataOpusSdp } from './low-data-sdp';
import {
  kRefusalShownMs,
  kRetryAfterByeMs,
  kRetryAfterRefusalMs,
  kWaitingAfterMs,
  mayOffer,
  micLive,
  personWords,
  selfVoiceWords,
  speakingWords,
  type PersonFacts,
  type SelfVoice,
} from './proximity-state';

const chromeOffer = [
  'v=0',
  'o=- 1 2 IN IP4 127.0.0.1',
  's=-',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0',
  'a=rtpmap:111 opus/48000/2',
  'a=rtcp-fb:111 transport-cc',
  'a=fmtp:111 minptime=10;useinbandfec=1;stereo=1',
  'a=rtpmap:63 red/48000/2',
  'a=fmtp:63 111/111',
  'a=rtpmap:9 G722/8000',
  '',
].join('\r\n');

describe('lowDataOpusSdp', () => {
  it('asks for mono Opus at 16 kbit/s and keeps the other parameters', () => {
    const sdp = lowDataOpusSdp(chromeOffer);
    expect(sdp).toContain('a=fmtp:111 minptime=10;useinbandfec=1;stereo=0;sprop-stereo=0;maxaveragebitrate=16000\r\n');
    expect(sdp).not.toContain('stereo=1');
    expect(sdp).toContain('a=fmtp:63 111/111'); // RED is not Opus
    expect(sdp.split('\r\n').length).toBe(chromeOffer.split('\r\n').length);
  });

  it('adds the parameters where Opus had none, and leaves SDP without Opus alone', () => {
    const bare = 'v=0\nm=audio 9 RTP/AVP 96\na=rtpmap:96 OPUS/48000/2\na=sendrecv\n';
    expect(lowDataOpusSdp(bare, 12000)).toBe('v=0\nm=audio 9 RTP/AVP 96\na=rtpmap:96 OPUS/48000/2\na=fmtp:96 stereo=0;sprop-stereo=0;maxaveragebitrate=12000\na=sendrecv\n');
    const pcmu = 'v=0\r\nm=audio 9 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n';
    expect(lowDataOpusSdp(pcmu)).toBe(pcmu);
  });

  it('is idempotent', () => {
    const once = lowDataOpusSdp(chromeOffer);
    expect(lowDataOpusSdp(once)).toBe(once);
  });
});

const self: SelfVoice = {
  supported: true,
  on: true,
  lowDataOff: false,
  here: '',
  mic: 'open',
  muted: true,
  talking: false,
  speaking: false,
  hearing: [],
};

describe('selfVoiceWords', () => {
  it('says every state of your own voice', () => {
    expect(selfVoiceWords({ ...self, on: false })).toMatch(/^Voice is off\. Turn it on to hear people within 8 m/);
    expect(selfVoiceWords({ ...self, on: false, here: 'Proximity voice is off in a private room.' })).toBe('Proximity voice is off in a private room.');
    expect(selfVoiceWords({ ...self, supported: false })).toMatch(/does not work in this browser/);
    expect(selfVoiceWords({ ...self, lowDataOff: true })).toMatch(/off in low-data mode/);
    expect(selfVoiceWords(self)).toMatch(/^Voice on, microphone muted\. Hold T/);
    expect(selfVoiceWords({ ...self, muted: false })).toMatch(/microphone on: people near you hear you/);
    expect(speakingWords({ ...self, muted: false, speaking: true })).toBe('You are speaking.');
    expect(speakingWords({ ...self, muted: false })).toMatch(/^Quiet/);
    expect(speakingWords(self)).toBe('');
    expect(selfVoiceWords({ ...self, talking: true })).toMatch(/talking while you hold/);
    expect(selfVoiceWords({ ...self, mic: 'opening' })).toMatch(/may ask whether to allow it/);
    expect(selfVoiceWords({ ...self, mic: 'denied' })).toMatch(/^Microphone permission denied\. You can hear people near you/);
    expect(selfVoiceWords({ ...self, mic: 'missing' })).toMatch(/^No microphone was found/);
    expect(selfVoiceWords({ ...self, mic: 'insecure' })).toMatch(/needs a secure \(HTTPS\) page/);
    expect(selfVoiceWords({ ...self, mic: 'busy' })).toMatch(/in use by another program/);
    expect(selfVoiceWords({ ...self, here: 'Voice is off in Waiting room.' })).toBe('Voice is off in Waiting room. You will hear people again where voice is allowed.');
  });

  it('names who you are connected with', () => {
    expect(selfVoiceWords(self)).toMatch(/Nobody with voice on is within 8 m\.$/);
    expect(selfVoiceWords({ ...self, hearing: ['Ann'] })).toMatch(/Connected with 1 person: Ann\.$/);
    expect(selfVoiceWords({ ...self, hearing: ['A', 'B', 'C', 'D', 'E'] })).toMatch(/Connected with 5 people: A, B, C and 2 more\.$/);
  });

  it('the microphone is live only when open and unmuted or held', () => {
    expect(micLive({ mic: 'open', muted: true, talking: false })).toBe(false);
    expect(micLive({ mic: 'open', muted: true, talking: true })).toBe(true);
    expect(micLive({ mic: 'open', muted: false, talking: false })).toBe(true);
    expect(micLive({ mic: 'denied', muted: false, talking: true })).toBe(false);
  });
});

describe('person words', () => {
  const facts: PersonFacts = { neighbour: 'chosen', link: 'none', mutedForMe: false };
  it('follows the choice and the connection', () => {
    expect(personWords({ ...facts, neighbour: 'out-of-range' }, 0)).toBe('out of range');
    expect(personWords({ ...facts, neighbour: 'zone' }, 0)).toBe('voice is off where one of you stands');
    expect(personWords({ ...facts, link: 'connecting' }, 0)).toBe('connecting…');
    expect(personWords({ ...facts, link: 'connected', mutedForMe: true }, 0)).toBe('connected, muted for you');
    expect(personWords({ ...facts, link: 'failed' }, 0)).toMatch(/does not let audio through/);
  });

  it('chosen without a connection: connecting, then waiting for them', () => {
    expect(personWords({ ...facts, chosenSince: 1000 }, 1000 + kWaitingAfterMs - 1)).toBe('connecting…');
    expect(personWords({ ...facts, chosenSince: 1000 }, 1000 + kWaitingAfterMs)).toMatch(/nearer to them/);
  });

  it('a refusal shows for a while, unless a connection came after all', () => {
    const refused = { ...facts, neighbour: 'out-of-range' as const, refusal: { code: 'voice_out_of_range', at: 500 } };
    expect(personWords(refused, 500)).toBe("can't connect: they are too far away to talk to");
    expect(personWords(refused, 500 + kRefusalShownMs)).toBe('out of range');
    expect(personWords({ ...refused, link: 'connected' }, 600)).toBe('connected');
  });

  it('no new offer while a refusal or their hang-up is fresh', () => {
    expect(mayOffer(undefined, undefined, 0)).toBe(true);
    expect(mayOffer(0, undefined, kRetryAfterRefusalMs - 1)).toBe(false);
    expect(mayOffer(0, undefined, kRetryAfterRefusalMs)).toBe(true);
    expect(mayOffer(undefined, 0, kRetryAfterByeMs - 1)).toBe(false);
    expect(mayOffer(undefined, 0, kRetryAfterByeMs)).toBe(true);
  });
});

describe('mediaErrorKind', () => {
  it('sorts getUserMedia failures', () => {
    expect(mediaErrorKind('NotAllowedError')).toBe('denied');
    expect(mediaErrorKind('NotFoundError')).toBe('missing');
    expect(mediaErrorKind('NotReadableError')).toBe('busy');
    expect(mediaErrorKind('InsecureContext')).toBe('insecure');
    expect(mediaErrorKind('TypeError')).toBe('other');
  });
});
