// Proximity voice in shared spaces (docs/voice.md), the controller: nothing
// opens the microphone until the person turns voice on; voice then starts
// muted, and again on every arrival. Four times a second the mesh
// (proximity-mesh.ts) chooses whom to connect; ten times a second it places
// the voices (the listener where the camera is) and the levels are read:
// ours drives our speaking bit, theirs what the People list says of them.
// The Voice panel, the microphone button and each person's cell
// (voice-panel.ts) show it all in words. Single-threaded (the browser's
// event loop).

import { MessageType, SignalKind } from '../net/messages';
import { isVoiceRefusal, type RealtimeError, type RelayedSignal } from '../net/realtime';
import type { Space } from '../spaces/space';
import type { VoiceController, VoiceHost, VoiceInspect } from './host';
import { openMicrophone, stopMicrophone } from './microphone';
import { hereWords, isPrivateRoom } from './policy';
import { ProximityMesh } from './proximity-mesh';
import { kChooseEveryMs, micLive, personWords, selfVoiceWords, speakingWords, type MicState, type SelfVoice } from './proximity-state';
import { SpatialMixer } from './spatial-mixer';
import { SpeakingDetector } from './speaking';
import { createPersonCell, createVoicePanel, type PersonCell } from './voice-panel';

/** How often voices are placed and levels read (ms). */
const kPlaceEveryMs = 100;

export function createProximityVoice(host: VoiceHost): VoiceController {
  const client = host.client;
  const supported = typeof RTCPeerConnection === 'function' && typeof AudioContext === 'function';
  let on = false;
  let mic: MicState = 'closed';
  let microphone: MediaStream | undefined;
  let muted = true;
  let talking = false;
  let mixer: SpatialMixer | undefined;
  let opening = 0; // bumps when voice is turned off, so a late microphone is let go
  let chosenAt = -Infinity;
  const selfSpeaking = new SpeakingDetector();
  const cells = new Map<number, PersonCell>();
  const selfEntity = () => host.store.getState().entity;
  const lowDataOff = () => host.lowData().on && host.lowData().voice === 'off';

  const mesh = new ProximityMesh({
    client,
    staff: host.staff,
    self: selfEntity,
    microphone: () => (mic === 'open' ? microphone : undefined),
    lowData: () => host.lowData().on,
    mayOfferNow: () => mic !== 'opening' && client.looks.activitySent,
    mixer: () => mixer,
    changed: () => render(),
    now: () => performance.now(),
  });

  const panel = createVoicePanel({
    toggleVoice: () => (on ? turnOff() : void turnOn()),
    toggleMute: () => setMuted(!muted),
    talk: (held) => setTalking(held),
  });

  /** The shared space voice runs in now, if it may run at all. */
  function voiceSpace(): Space | undefined {
    const space = host.currentSpace();
    if (!on || !supported || lowDataOff() || !space || isPrivateRoom(space)) return undefined;
    return space.id === host.store.getState().spaceId ? space : undefined;
  }

  /** The shared space we are in (voice on or not): signals there are ours. */
  function sharedSpace(): Space | undefined {
    const space = host.currentSpace();
    return space && !isPrivateRoom(space) && space.id === host.store.getState().spaceId ? space : undefined;
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
    const { stream, state } = await openMicrophone();
    const config = await servers;
    if (token !== opening) return stopMicrophone(stream);
    mesh.iceServers = config.ok ? config.value.ice_servers ?? [] : [];
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
    mesh.hangUpAll(true);
    stopMicrophone(microphone);
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
    // A private room says so even with voice off: its own call is the one to use there.
    const here = space && (on || isPrivateRoom(space)) ? hereWords(space, client.prediction.position, host.staff) : '';
    const hearing = mesh
      .connectedPeers()
      .map((peer) => client.avatars.get(peer)?.name ?? 'someone')
      .sort((a, b) => a.localeCompare(b));
    return { supported, on, lowDataOff: lowDataOff(), here, mic, muted, talking, speaking: selfSpeaking.speaking, hearing };
  }

  // ---- every 100 ms: choose (every 250 ms), place the voices, read the levels ----

  function step(now: number): void {
    const space = voiceSpace();
    if (!space) {
      mesh.hangUpAll(true);
      render();
      return;
    }
    if (now - chosenAt >= kChooseEveryMs) {
      chosenAt = now;
      mesh.choose(space, now);
    }
    if (mixer) {
      mixer.setListener(host.listener());
      mesh.place(now);
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
      speaking: speakingWords(view),
      supported: supported && (on || !view.lowDataOff),
      on,
      canTalk: mic === 'open' && !!space && !view.here,
      muted,
      live: micLive(view),
    });
    const now = performance.now();
    for (const [entity, cell] of cells) {
      if (!space || !client.avatars.has(entity)) {
        cell.render(undefined);
        continue;
      }
      const person = mesh.person(entity);
      cell.render({ words: personWords(mesh.facts(entity, now), now), controls: mesh.connected(entity), mutedForMe: person.mutedForMe });
    }
  }

  // ---- arrivals ----

  function arrive(): void {
    mesh.clear(); // the server moved us: the others' connections end with the old space
    muted = true; // voice starts muted on every arrival
    talking = false;
    chosenAt = -Infinity;
    applyMute();
  }

  const unsubscribe = host.store.subscribe((state, previous) => {
    if (state.spaceId !== previous.spaceId) arrive();
    // Rows of people who left are gone from the list: their cells go too.
    if (state.people !== previous.people) {
      const here = new Set(state.people.map((person) => person.entity));
      for (const entity of [...cells.keys()]) if (!here.has(entity)) cells.delete(entity);
    }
  });
  const timer = setInterval(() => step(performance.now()), kPlaceEveryMs);
  render();

  const inspect: VoiceInspect = {
    links: () => mesh.allLinks().map((link) => ({ peer: link.peer, state: link.state, offerer: link.offerer })),
    async inboundAudioBytes() {
      const bytes: Record<number, number> = {};
      for (const link of mesh.allLinks()) bytes[link.peer] = await link.inboundAudioBytes();
      return bytes;
    },
    async audioBytes() {
      const bytes: Record<number, { inbound: number; outbound: number }> = {};
      for (const link of mesh.allLinks()) bytes[link.peer] = await link.audioBytes();
      return bytes;
    },
    descriptions: () =>
      mesh.allLinks().map((link) => ({
        peer: link.peer,
        local: link.connection.localDescription?.sdp ?? '',
        remote: link.connection.remoteDescription?.sdp ?? '',
      })),
  };

  return {
    panel: panel.element,
    viewButton: panel.viewButton,
    inspect,
    personCell(entity) {
      if (entity === selfEntity()) return null;
      let cell = cells.get(entity);
      if (!cell) {
        cell = createPersonCell(entity, () => client.avatars.get(entity)?.name ?? 'them', {
          volume: (percent) => {
            mesh.person(entity).volume = percent / 100;
          },
          muteForMe: (mutedForMe) => {
            mesh.person(entity).mutedForMe = mutedForMe;
            render();
          },
        });
        cells.set(entity, cell);
      }
      return cell.element;
    },
    attachKeys: (box) => panel.attachKeys(box),
    talk: (held) => setTalking(held),
    signal(signal: RelayedSignal): boolean {
      const shared = sharedSpace();
      if (!shared) return false; // a consult room's call, or no layout yet
      const space = voiceSpace();
      if (space) mesh.signal(space, signal);
      else if (signal.kind === SignalKind.Offer) client.sendSignal(SignalKind.Bye, signal.from, ''); // our voice is off: no
      render();
      return true;
    },
    error(error: RealtimeError) {
      if (error.inReplyTo !== MessageType.signal || !error.peer || !sharedSpace()) return;
      if (isVoiceRefusal(error.code)) mesh.refused(error.peer, error.code);
      else if (error.code === 'peer_not_found') mesh.hangUp(error.peer, false);
      render();
    },
    settingsChanged() {
      if (on && lowDataOff()) return turnOff();
      // The SDP carries the low-data choice: connections start again with the new one.
      mesh.hangUpAll(true);
      chosenAt = -Infinity;
      applyMute();
    },
    dispose() {
      clearInterval(timer);
      unsubscribe();
      mesh.hangUpAll(true);
      stopMicrophone(microphone);
      mixer?.close();
    },
  };
}
