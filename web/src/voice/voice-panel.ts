// The controls of proximity voice: the "Voice" region in the side panels
// (its state in words, Turn voice on/off, Mute/Unmute microphone, Hold to
// talk), the microphone button over the view (touch), keys T (hold to talk)
// and M (mute) in the view, and each person's cell in the People list (the
// link in words, their volume, Mute for me). DOM only: proximity.ts decides,
// this draws and reports what the person pressed.

import { h } from '../ui/dom';

export interface PanelView {
  words: string;
  /** "You are speaking." while the microphone is live; '' otherwise. */
  speaking: string;
  supported: boolean;
  on: boolean;
  /** Your microphone is open and voice is allowed here: mute and talk mean something. */
  canTalk: boolean;
  /** The mute toggle (not push-to-talk). */
  muted: boolean;
  /** What you say goes out now. */
  live: boolean;
}

export interface PanelActions {
  toggleVoice(): void;
  toggleMute(): void;
  talk(held: boolean): void;
}

export interface VoicePanel {
  readonly element: HTMLElement;
  readonly viewButton: HTMLButtonElement;
  render(view: PanelView): void;
  attachKeys(box: HTMLElement): void;
}

function typingInto(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  return !!element && (element.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName));
}

function setText(element: HTMLElement, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}

/** Holding `button` (pointer, or Space/Enter on it) talks; letting go stops. */
function holdToTalk(button: HTMLButtonElement, talk: (held: boolean) => void): void {
  button.addEventListener('pointerdown', (event) => {
    button.setPointerCapture(event.pointerId);
    talk(true);
  });
  for (const end of ['pointerup', 'pointercancel', 'lostpointercapture'] as const) button.addEventListener(end, () => talk(false));
  button.addEventListener('keydown', (event) => {
    if ((event.code === 'Space' || event.code === 'Enter') && !event.repeat) {
      event.preventDefault();
      talk(true);
    }
  });
  button.addEventListener('keyup', (event) => {
    if (event.code === 'Space' || event.code === 'Enter') talk(false);
  });
  button.addEventListener('blur', () => talk(false));
  button.addEventListener('contextmenu', (event) => event.preventDefault()); // a long press on a phone
}

export function createVoicePanel(actions: PanelActions): VoicePanel {
  const state = h('p', { class: 'notice voice-state', id: 'voice-state', role: 'status' });
  const speaking = h('p', { class: 'voice-speaking', id: 'voice-speaking', hidden: true });
  const toggle = h('button', { type: 'button', id: 'voice-toggle' }, 'Turn voice on');
  const mute = h('button', { type: 'button', class: 'secondary', id: 'voice-mute', hidden: true }, 'Unmute microphone');
  const talk = h('button', { type: 'button', class: 'secondary', id: 'voice-talk', hidden: true }, 'Hold to talk');
  const viewButton = h('button', { type: 'button', class: 'mic-button', id: 'mic-button', hidden: true }, 'Unmute');
  toggle.addEventListener('click', () => actions.toggleVoice());
  mute.addEventListener('click', () => actions.toggleMute());
  viewButton.addEventListener('click', () => actions.toggleMute());
  holdToTalk(talk, actions.talk);
  const element = h(
    'section',
    { id: 'voice', 'aria-labelledby': 'voice-title' },
    h('h2', { id: 'voice-title' }, 'Voice'),
    state,
    speaking,
    h('div', { class: 'voice-controls' }, toggle, mute, talk),
  );
  let on = false;
  return {
    element,
    viewButton,
    render(view) {
      on = view.on;
      setText(state, view.words);
      setText(speaking, view.speaking);
      speaking.hidden = !view.speaking;
      toggle.disabled = !view.supported;
      setText(toggle, view.on ? 'Turn voice off' : 'Turn voice on');
      mute.hidden = talk.hidden = !(view.on && view.canTalk);
      setText(mute, view.muted ? 'Unmute microphone' : 'Mute microphone');
      talk.classList.toggle('talking', view.live && view.muted);
      viewButton.hidden = mute.hidden;
      setText(viewButton, view.muted ? 'Unmute' : 'Mute');
      viewButton.classList.toggle('live', view.live);
      viewButton.setAttribute('aria-label', view.muted ? 'Unmute microphone (voice)' : 'Mute microphone (voice)');
    },
    attachKeys(box) {
      box.addEventListener('keydown', (event) => {
        if (!on || event.altKey || event.ctrlKey || event.metaKey || typingInto(event.target)) return;
        if (event.code === 'KeyT') {
          event.preventDefault();
          if (!event.repeat) actions.talk(true);
        } else if (event.code === 'KeyM' && !event.repeat) {
          event.preventDefault();
          actions.toggleMute();
        }
      });
      box.addEventListener('keyup', (event) => {
        if (event.code === 'KeyT') actions.talk(false);
      });
      box.addEventListener('focusout', () => actions.talk(false));
    },
  };
}

export interface PersonCellView {
  words: string;
  /** Connected: their volume and Mute for me apply. */
  controls: boolean;
  mutedForMe: boolean;
}

export interface PersonCell {
  readonly element: HTMLElement;
  render(view: PersonCellView | undefined): void;
}

/** One person's voice cell; `name` labels the controls for screen readers. */
export function createPersonCell(
  entity: number,
  name: () => string,
  actions: { volume(percent: number): void; muteForMe(muted: boolean): void },
): PersonCell {
  const words = h('span', { class: 'notice person-voice-words' });
  const volumeId = `voice-volume-${entity}`;
  const volume = h('input', { type: 'range', id: volumeId, min: 0, max: 200, step: 10, value: 100 });
  const volumeLabel = h('label', { for: volumeId, class: 'person-voice-volume' }, 'Volume ', volume);
  const mute = h('button', { type: 'button', class: 'secondary person-voice-mute', 'aria-pressed': 'false' }, 'Mute for me');
  const controls = h('span', { class: 'person-voice-controls' }, volumeLabel, mute);
  const element = h('div', { class: 'person-voice', hidden: true }, words, controls);
  let mutedForMe = false;
  volume.addEventListener('input', () => actions.volume(Number(volume.value)));
  mute.addEventListener('click', () => actions.muteForMe(!mutedForMe));
  return {
    element,
    render(view) {
      element.hidden = !view;
      if (!view) return;
      setText(words, view.words);
      controls.hidden = !view.controls;
      mutedForMe = view.mutedForMe;
      mute.setAttribute('aria-pressed', String(view.mutedForMe));
      const who = name();
      volume.setAttribute('aria-valuetext', `${volume.value} percent`);
      volume.setAttribute('aria-label', `Volume of ${who}`);
      mute.setAttribute('aria-label', `Mute for me: ${who}`);
    },
  };
}
