// Proximity voice in shared spaces (docs/voice.md): nothing opens the
// microphone until the person turns voice on; voice then starts muted, and
// again on every arrival. Four times a second it chooses at most six of the
// nearest people within 8 m whose voice is on (neighbours.ts, with its
// hysteresis), hangs up on those who left the choice (beyond 10 m, voice
// off, a zone that forbids it) and offers a connection to the new ones (only
// the side with the lower entity id offers). Ten times a second it moves
// each voice to where that person's head is, with walls as attenuation, the
// listener where the camera is, and reads the audio levels that drive the
// speaking indicators (ours sent as the activity bit; theirs as heard
// overrides what they send). The server refuses signals between people its
// rules keep apart (voice_signal.h); a refusal is shown beside the person.
// Single-threaded (the browser's event loop).

import { EntityKind, MessageType, SignalKind } from '../net/messages';
import { isOfferer } from '../net/peer-link';
import { isVoiceRefusal, type RealtimeError, type RelayedSignal } from '../net/realtime';
import { errorName, mediaErrorKind } from '../ui/media-errors';
import type { VoiceController, VoiceHost, VoiceInspect } from './host';
import { chooseNeighbours, type NeighbourChoice, type VoiceCandidate, type VoiceParty } from './neighbours';
import { occlusionGain } from './occlusion';
import { hereWords, isPrivateRoom, voicePolicyAt } from './policy';
import { VoiceLink, type VoiceLinkState } from './proximity-link';
import {
  kChooseEveryMs,
  kConnectTimeoutMs,
  mayOffer,
  micLive,
  personWords,
  selfVoiceWords,
  type MicState,
  type PersonFacts,
  type SelfVoice,
} from './proximity-state';
import { SpatialMixer } from './spatial-mixer';
import { SpeakingDetector } from './speaking';
import { createPersonCell, createVoicePanel, type PersonCell } from './voice-panel';

/** How often voices are placed and levels read (ms). */
const kPlaceEveryMs = 100;
/** After a failed connection, no new offer to them for this long. */
const kRetryAfterFailureMs = 10000;
const kHeadHeightM = 1.6;

interface Person {
  neighbour?: PersonFacts['neighbour'];
  chosenSince?: number;
  refusal?: { code: string; at: number };
  byeAt?: number;
  failedAt?: number;
  occlusion: number;
  volume: number; // 0..2
  mutedForMe: boolean;
  hearing: SpeakingDetector;
  cell?: PersonCell;
}

export function createProximityVoice(host: VoiceHost): VoiceController {
  const client = host.client;
  const supported = typeof RTCPeerConnection === 'function' && typeof AudioContext === 'function';
  let on = false;
  let mic: MicState = 'closed';
  let microphone: MediaStream | undefined;
  let muted = true;
  let talking = false;
  let iceServers: RTCIceServer[] = [];
  let mixer: SpatialMixer | undefined;
  let opening = 0; // bumps when voice is turned off, so a late microphone is let go
  let chosenAt = -Infinity;
  const selfSpeaking = new SpeakingDetector();
  const links = new Map<number, VoiceLink>();
  const people = new Map<number, Person>();

  const panel = createVoicePanel({
    toggleVoice: () => (on ? turnOff() : void turnOn()),
    toggleMute: () => setMuted(!muted),
    talk: (held) => setTalking(held),
  });

  const self = () => client.prediction.position;
  const selfEntity = () => host.store.getState().entity;
  const lowDataOff = () => host.lowData().on && host.lowData().voice === 'off';

  function personOf(entity: number): Person {
    let person = people.get(entity);
    if (!person) {
      person = { occlusion: 1, volume: 1, mutedForMe: false, hearing: new SpeakingDetector() };
      people.set(entity, person);
    }
    return person;
  }

  /** The shared space voice runs in now, if it may run at all. */
  function voiceSpace() {
    const space = host.currentSpace();
    if (!on || !supported || lowDataOff() || !space || isPrivateRoom(space)) return undefined;
    return space.id === host.store.getState().spaceId ? space : undefined;
  }

  function selfParty(space: NonNullable<ReturnType<typeof voiceSpace>>): VoiceParty {
    const position = self();
    return { position, staff: host.staff, policy: voicePolicyAt(space, position) };
  }

  function candidates(space: NonNullable<ReturnType<typeof voiceSpace>>, voiceOn?: number): VoiceCandidate[] {
    const list: VoiceCandidate[] = [];
    for (const avatar of client.avatars.values()) {
      const body = avatar.buffer.latest?.body;
      if (!body) continue;
      const position = { x: body.x, z: body.z };
      list.push({
        entity: avatar.entity,
        position,
        staff: avatar.kind === EntityKind.Staff,
        policy: voicePolicyAt(space, position),
        // The server relays an offer only from someone whose voice is on.
        voice: avatar.entity === voiceOn || client.looks.lookOf(avatar.entity).voice,
      });
    }
    return list;
  }

  // ---- your own voice ----

  async function turnOn(): Promise<void> {
    if (!supported || on || lowDataOff()) return;
    on = true;
    muted = true;
    talking = false;
    mixer ??= new SpatialMixer();
    mixer.resume(); // inside the click: browsers allow audio from here on
    const token = ++opening;
    mic = 'opening';
    render();
    const servers = host.api.request<{ ice_servers: RTCIceServer[] }>('GET', '/api/rtc-config');
    let stream: MediaStream | undefined;
    let state: MicState;
    if (!window.isSecureContext || !navigator.mediaDevices?.getUserMedia) {
      state = 'insecure';
    } else {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true, channelCount: 1 } });
        state = 'open';
      } catch (error) {
        state = mediaErrorKind(errorName(error));
      }
    }
    const config = await servers;
    if (token !== opening) {
      for (const track of stream?.getTracks() ?? []) track.stop();
      return;
    }
    iceServers = config.ok ? config.value.ice_servers ?? [] : [];
    microphone = stream;
    mic = state;
    mixer.setMicrophone(stream);
    applyMute();
    host.say(selfVoiceWords(selfVoice()));
    chosenAt = -Infinity;
  }

  function turnOff(): void {
    on = false;
    ++opening;
    hangUpAll(true);
    for (const track of microphone?.getTracks() ?? []) track.stop();
    microphone = undefined;
    mic = 'closed';
    mixer?.setMicrophone(undefined);
    talking = false;
    applyMute();
    host.say('Voice is off.');
  }

  function setMuted(next: boolean): void {
    if (!on || mic !== 'open') return;
    muted = next;
    applyMute();
    host.say(muted ? 'Microphone muted.' : 'Microphone on: people near you hear you.');
  }

  function setTalking(held: boolean): void {
    if (held === talking || (held && (!on || mic !== 'open'))) return;
    talking = held;
    applyMute();
  }

  /** The microphone track, the voice and muted bits and our speaking indicator follow the toggles. */
  function applyMute(): void {
    const live = micLive({ mic, muted, talking });
    for (const track of microphone?.getAudioTracks() ?? []) track.enabled = live;
    const now = performance.now();
    client.looks.setVoice(on && !lowDataOff(), !live, now);
    if (!live) {
      selfSpeaking.reset();
      client.looks.setSpeaking(false, now);
    }
    render();
  }

  function selfVoice(): SelfVoice {
    const space = host.currentSpace();
    const here = on && space ? hereWords(space, self(), host.staff) : '';
    const hearing = [...links.values()]
      .filter((link) => link.state === 'connected')
      .map((link) => client.avatars.get(link.peer)?.name ?? 'someone')
      .sort((a, b) => a.localeCompare(b));
    return { supported, on, lowDataOff: lowDataOff(), here, mic, muted, talking, speaking: selfSpeaking.speaking, hearing };
  }

  // ---- connections ----

  function open(peer: number, now: number): VoiceLink {
    const link: VoiceLink = new VoiceLink(
      {
        self: selfEntity(),
        peer,
        iceServers,
        send: (kind, to, payload) => client.sendSignal(kind, to, payload),
        microphone: mic === 'open' ? microphone : undefined,
        lowData: host.lowData().on,
        onStream: (stream) => {
          if (links.get(peer) === link) mixer?.add(peer, stream);
        },
        onState: (state) => linkState(peer, link, state),
      },
      now,
    );
    links.set(peer, link);
    return link;
  }

  function linkState(peer: number, link: VoiceLink, state: VoiceLinkState): void {
    if (links.get(peer) !== link) return;
    if (state === 'failed') {
      personOf(peer).failedAt = performance.now();
      hangUp(peer, true);
    } else if (state === 'closed') {
      forget(peer);
    }
    render();
  }

  /** Hangs up on `peer` (telling them when `notify`). */
  function hangUp(peer: number, notify: boolean): void {
    const link = links.get(peer);
    if (!link) return;
    forget(peer);
    link.close(notify);
  }

  function forget(peer: number): void {
    links.delete(peer);
    mixer?.remove(peer);
    const person = people.get(peer);
    person?.hearing.reset();
    client.hearSpeaking(peer, undefined);
  }

  function hangUpAll(notify: boolean): void {
    for (const peer of [...links.keys()]) hangUp(peer, notify);
  }

  /** Chooses the nearest again: hangs up on those out of the choice, offers to new ones. */
  function choose(now: number): void {
    const space = voiceSpace();
    if (!space) return;
    const party = selfParty(space);
    const others = candidates(space);
    const choice = chooseNeighbours(party, others, new Set(links.keys()));
    const me = selfEntity();
    for (const [peer, link] of links) {
      if (!choice.chosen.has(peer)) hangUp(peer, true);
      else if (link.state === 'connecting' && now - link.openedAt > kConnectTimeoutMs) {
        personOf(peer).failedAt = now;
        hangUp(peer, true);
      }
    }
    const walls = space.collisionWalls;
    for (const other of others) {
      const person = personOf(other.entity);
      person.neighbour = choice.states.get(other.entity);
      person.occlusion = occlusionGain(party.position, other.position, walls);
      if (!choice.chosen.has(other.entity)) {
        person.chosenSince = undefined;
        continue;
      }
      person.chosenSince ??= now;
      const failedLately = person.failedAt !== undefined && now - person.failedAt < kRetryAfterFailureMs;
      if (!links.has(other.entity) && isOfferer(me, other.entity) && mayOffer(person.refusal?.at, person.byeAt, now) && !failedLately) {
        void open(other.entity, now).start();
      }
    }
    // People who left the space.
    for (const entity of [...people.keys()]) {
      if (!client.avatars.has(entity)) {
        hangUp(entity, false);
        people.get(entity)?.cell?.render(undefined);
        people.delete(entity);
      }
    }
  }

  /** Whether we take `from`'s offer: they would be among our chosen with the offer counted as open. */
  function accepts(from: number): boolean {
    const space = voiceSpace();
    if (!space) return false;
    const choice: NeighbourChoice = chooseNeighbours(selfParty(space), candidates(space, from), new Set([...links.keys(), from]));
    return choice.chosen.has(from);
  }

  // ---- every 100 ms: place the voices, read the levels ----

  function place(now: number): void {
    const space = voiceSpace();
    if (!space) {
      if (links.size) hangUpAll(true);
      render();
      return;
    }
    if (now - chosenAt >= kChooseEveryMs) {
      chosenAt = now;
      choose(now);
    }
    if (mixer) {
      mixer.setListener(host.listener());
      const renderTime = client.clock.renderTime(now);
      for (const peer of links.keys()) {
        const avatar = client.avatars.get(peer);
        const pose = avatar?.buffer.sample(renderTime);
        const person = personOf(peer);
        if (pose) {
          const gain = person.mutedForMe ? 0 : person.volume * person.occlusion;
          mixer.place(peer, pose.head ?? { x: pose.body.x, y: pose.body.y + kHeadHeightM, z: pose.body.z }, gain);
        }
        if (mixer.has(peer)) client.hearSpeaking(peer, person.hearing.push(mixer.level(peer), now));
      }
      if (micLive({ mic, muted, talking })) {
        const before = selfSpeaking.speaking;
        if (selfSpeaking.push(mixer.micLevel(), now) !== before) client.looks.setSpeaking(selfSpeaking.speaking, now);
      }
    }
    render();
  }

  // ---- words ----

  function render(): void {
    const view = selfVoice();
    const space = voiceSpace();
    panel.render({
      words: selfVoiceWords(view),
      supported: supported && (on || !view.lowDataOff),
      on,
      canTalk: mic === 'open' && !!space && !view.here,
      muted,
      live: micLive(view),
    });
    const now = performance.now();
    for (const [entity, person] of people) {
      if (!person.cell) continue;
      if (!space) {
        person.cell.render(undefined);
        continue;
      }
      const link = links.get(entity);
      const failed = person.failedAt !== undefined && now - person.failedAt < kRetryAfterFailureMs;
      const facts: PersonFacts = {
        neighbour: person.neighbour,
        chosenSince: person.chosenSince,
        link: link ? (link.state === 'connected' ? 'connected' : 'connecting') : failed ? 'failed' : 'none',
        refusal: person.refusal,
        mutedForMe: person.mutedForMe,
      };
      person.cell.render({ words: personWords(facts, now), controls: link?.state === 'connected', mutedForMe: person.mutedForMe });
    }
  }

  // ---- arrivals ----

  function arrive(): void {
    hangUpAll(false); // the server moved us: the others' links end with the old space
    for (const person of people.values()) person.cell?.render(undefined);
    people.clear();
    muted = true; // voice starts muted on every arrival
    talking = false;
    chosenAt = -Infinity;
    applyMute();
  }

  const unsubscribe = host.store.subscribe((state, previous) => {
    if (state.spaceId !== previous.spaceId) arrive();
  });
  const timer = setInterval(() => place(performance.now()), kPlaceEveryMs);
  render();

  const inspect: VoiceInspect = {
    links: () => [...links.values()].map((link) => ({ peer: link.peer, state: link.state, offerer: link.offerer })),
    async inboundAudioBytes() {
      const bytes: Record<number, number> = {};
      for (const link of links.values()) bytes[link.peer] = await link.inboundAudioBytes();
      return bytes;
    },
  };

  return {
    panel: panel.element,
    viewButton: panel.viewButton,
    inspect,
    personCell(entity) {
      if (entity === selfEntity()) return null;
      const person = personOf(entity);
      person.cell ??= createPersonCell(entity, () => client.avatars.get(entity)?.name ?? 'them', {
        volume: (percent) => {
          person.volume = percent / 100;
        },
        muteForMe: (mutedForMe) => {
          person.mutedForMe = mutedForMe;
          render();
        },
      });
      return person.cell.element;
    },
    attachKeys: (box) => panel.attachKeys(box),
    talk: (held) => setTalking(held),
    signal(signal: RelayedSignal): boolean {
      const space = host.currentSpace();
      if (!space || isPrivateRoom(space) || space.id !== host.store.getState().spaceId) return false;
      const from = signal.from;
      if (signal.kind === SignalKind.Bye) {
        const person = personOf(from);
        if (links.has(from)) {
          person.byeAt = performance.now();
          const link = links.get(from)!;
          forget(from);
          link.close(false);
          render();
        }
        return true;
      }
      let link = links.get(from);
      if (!link) {
        // Only an offer starts a connection, and only from the side that offers.
        if (signal.kind !== SignalKind.Offer || isOfferer(selfEntity(), from)) return true;
        if (!accepts(from)) {
          client.sendSignal(SignalKind.Bye, from, '');
          return true;
        }
        link = open(from, performance.now());
      }
      void link.receive(signal.kind, signal.payload);
      return true;
    },
    error(error: RealtimeError) {
      if (error.inReplyTo !== MessageType.signal || !error.peer) return;
      const space = host.currentSpace();
      if (!space || isPrivateRoom(space)) return;
      if (isVoiceRefusal(error.code)) {
        personOf(error.peer).refusal = { code: error.code, at: performance.now() };
        hangUp(error.peer, true);
        render();
      } else if (error.code === 'peer_not_found') {
        hangUp(error.peer, false);
      }
    },
    settingsChanged() {
      if (on && lowDataOff()) return turnOff();
      // The SDP carries the low-data choice: connections start again with the new one.
      hangUpAll(true);
      chosenAt = -Infinity;
      applyMute();
    },
    dispose() {
      clearInterval(timer);
      unsubscribe();
      hangUpAll(true);
      for (const track of microphone?.getTracks() ?? []) track.stop();
      mixer?.close();
    },
  };
}
