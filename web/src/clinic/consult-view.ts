// The consultation view (both sides, after admit): the other person's video
// on a panel over the 2D plan or the 3D room, our own small preview, mute
// and camera toggles, the link state in words, who is in the consultation
// with their role, a way to the text chat, and, for the clinician, the "End
// visit" form. A remote tile whose camera is off shows the person's initials
// and says so, instead of a frozen last frame.

import { h } from '../ui/dom';
import type { EndVisit } from './api';
import type { CallMedia } from './media';
import { cameraWords, initials, participantWords, type Participant, type RemoteCamera } from './visit-people';

export interface ConsultActions {
  setMuted(muted: boolean): void;
  setCameraOff(off: boolean): void;
  openChat(): void;
  /** Clinician only: ends the visit; resolves to words for a problem, or undefined. */
  end?(form: EndVisit & { includeChat: boolean }): Promise<string | undefined>;
}

export function createConsultView(title: string, actions: ConsultActions, options: { meeting?: string; cameraOff?: boolean } = {}) {
  const status = h('p', { class: 'consult-status', id: 'consult-status', role: 'status' }, 'Joining the consultation room…');
  const people = h('ul', { class: 'consult-people', id: 'consult-people', 'aria-label': 'In this consultation' }, h('li', { class: 'notice' }, 'Only you so far.'));
  const remotes = h('div', { class: 'consult-remotes', id: 'consult-remotes' });
  const waitingWords = h('p', { class: 'consult-placeholder' }, 'Waiting for the other person to join the call…');
  remotes.append(waitingWords);
  const local = h('video', { class: 'consult-local', id: 'consult-local', muted: true, autoplay: true, playsinline: true, 'aria-label': 'Your own camera' });
  local.muted = true;
  const mute = h('button', { type: 'button', class: 'secondary', id: 'consult-mute', 'aria-pressed': 'false' }, 'Mute microphone');
  const camera = h('button', { type: 'button', class: 'secondary', id: 'consult-camera', 'aria-pressed': 'false' }, 'Turn camera off');
  const chat = h('button', { type: 'button', class: 'secondary', id: 'consult-chat' }, 'Write in the chat');
  const playBlocked = h('button', { type: 'button', id: 'consult-play', hidden: true }, 'Start sound and video');
  mute.addEventListener('click', () => {
    const muted = mute.getAttribute('aria-pressed') !== 'true';
    mute.setAttribute('aria-pressed', String(muted));
    mute.textContent = muted ? 'Unmute microphone' : 'Mute microphone';
    actions.setMuted(muted);
  });
  camera.addEventListener('click', () => {
    const off = camera.getAttribute('aria-pressed') !== 'true';
    camera.setAttribute('aria-pressed', String(off));
    camera.textContent = off ? 'Turn camera on' : 'Turn camera off';
    local.hidden = off;
    actions.setCameraOff(off);
  });
  chat.addEventListener('click', () => actions.openChat());
  if (options.cameraOff) {
    camera.setAttribute('aria-pressed', 'true');
    camera.textContent = 'Turn camera on';
    local.hidden = true;
  }
  playBlocked.addEventListener('click', () => {
    for (const video of remotes.querySelectorAll('video')) void video.play().catch(() => {});
    playBlocked.hidden = true;
  });

  const element = h(
    'section',
    { class: 'clinic-panel consult', id: 'clinic-consult', 'aria-labelledby': 'clinic-consult-title' },
    h('h2', { id: 'clinic-consult-title' }, title),
    options.meeting ? h('p', { class: 'consult-meeting', id: 'consult-meeting' }, options.meeting) : null,
    status,
    h('h3', { id: 'consult-people-title' }, 'In this consultation'),
    people,
    remotes,
    local,
    h('div', { class: 'clinic-row' }, mute, camera, chat, playBlocked),
    h('p', { class: 'notice' }, 'The call goes directly between you and the other person; nothing is recorded. The chat is not stored unless your clinician adds it to the visit note.'),
  );

  const problem = h('p', { class: 'problem', id: 'consult-end-problem', role: 'alert' });
  if (actions.end) {
    const note = h('textarea', { id: 'consult-note', rows: 4, maxlength: 20000, required: true });
    const summary = h('textarea', { id: 'consult-summary', rows: 3, maxlength: 5000 });
    const share = h('input', { type: 'checkbox', id: 'consult-share', checked: true });
    const includeChat = h('input', { type: 'checkbox', id: 'consult-include-chat' });
    const submit = h('button', { type: 'submit', id: 'consult-end' }, 'End visit');
    const form = h(
      'form',
      { class: 'clinic-form', id: 'consult-end-form' },
      h('h3', {}, 'End the visit'),
      h('label', { for: 'consult-note' }, 'Clinical note (for the record)'),
      note,
      h('label', { for: 'consult-summary' }, 'Summary for the patient'),
      summary,
      h('label', { for: 'consult-share', class: 'clinic-consent' }, share, 'Share the summary with the patient'),
      h('label', { for: 'consult-include-chat', class: 'clinic-consent' }, includeChat, 'Include the consultation chat in the note'),
      problem,
      submit,
    );
    const end = actions.end;
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (!note.value.trim()) {
        problem.textContent = 'Write a note before ending the visit.';
        note.focus();
        return;
      }
      submit.disabled = true;
      const failed = await end({ note: note.value, summary: summary.value, share_summary: share.checked, includeChat: includeChat.checked });
      submit.disabled = false;
      problem.textContent = failed ?? '';
    });
    element.append(form);
  }

  interface Tile {
    video: HTMLVideoElement;
    cover: HTMLElement;
    coverWords: HTMLElement;
    initials: HTMLElement;
    caption: HTMLElement;
    name: string;
  }
  const tiles = new Map<number, Tile>();
  const cameras = new Map<number, RemoteCamera>(); // may arrive before the stream
  // A call can reach us before the room's people list names its caller
  // ("The other person"): the tile takes the name once it is known.
  const rename = (tile: Tile, name: string) => {
    if (tile.name === name) return;
    tile.name = name;
    tile.video.setAttribute('aria-label', `Video of ${name}`);
    tile.initials.textContent = initials(name);
    tile.caption.textContent = name;
  };
  const showCamera = (peer: number) => {
    const tile = tiles.get(peer);
    if (!tile) return;
    const words = cameraWords(tile.name, cameras.get(peer) ?? 'on');
    tile.cover.hidden = !words;
    tile.video.hidden = Boolean(words);
    tile.coverWords.textContent = words;
  };
  return {
    element,
    status(text: string, isProblem: boolean): void {
      status.textContent = text;
      status.classList.toggle('problem', isProblem);
    },
    localStream(stream: MediaStream | undefined, media: CallMedia): void {
      local.srcObject = stream && media === 'video' ? stream : null;
      // A camera turned off before it opened (avatars only) stays out of sight.
      local.hidden = media !== 'video' || camera.getAttribute('aria-pressed') === 'true';
      camera.disabled = media !== 'video';
      mute.disabled = media === 'none';
      if (media === 'video') void local.play().catch(() => {});
    },
    remoteStream(peer: number, stream: MediaStream | undefined, name: string): void {
      let tile = tiles.get(peer);
      if (!stream) {
        tile?.video.parentElement?.remove();
        tiles.delete(peer);
        cameras.delete(peer);
      } else {
        if (!tile) {
          const video = h('video', { class: 'consult-remote', autoplay: true, playsinline: true, 'aria-label': `Video of ${name}`, 'data-peer': peer });
          const coverWords = h('p', { class: 'consult-cover-words' });
          const initialsBadge = h('span', { class: 'consult-initials', 'aria-hidden': 'true' }, initials(name));
          const cover = h('div', { class: 'consult-cover', 'data-peer': peer, hidden: true }, initialsBadge, coverWords);
          const caption = h('figcaption', {}, name);
          tile = { video, cover, coverWords, initials: initialsBadge, caption, name };
          tiles.set(peer, tile);
          remotes.append(h('figure', { class: 'consult-figure' }, video, cover, caption));
        }
        rename(tile, name);
        if (tile.video.srcObject !== stream) tile.video.srcObject = stream;
        void tile.video.play().catch(() => {
          playBlocked.hidden = false;
        });
        showCamera(peer);
      }
      waitingWords.hidden = tiles.size > 0;
    },
    /** What `peer` says of their camera: off, paused or absent shows their initials. */
    remoteCamera(peer: number, camera: RemoteCamera): void {
      cameras.set(peer, camera);
      showCamera(peer);
    },
    /** Who is in the room now, with roles. */
    participants(list: Participant[]): void {
      for (const participant of list) {
        const tile = tiles.get(participant.entity);
        if (tile && tile.name !== participant.name) {
          rename(tile, participant.name);
          showCamera(participant.entity);
        }
      }
      const items = list.length === 0 ? [h('li', { class: 'notice' }, 'Only you so far.')] : list.map((participant) => h('li', { 'data-entity': participant.entity }, participantWords(participant)));
      if (people.textContent !== items.map((item) => item.textContent).join('')) people.replaceChildren(...items);
    },
  };
}
