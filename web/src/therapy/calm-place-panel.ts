// The "Calm place" panel, shown while you are on the beach or in the forest
// (loaded on demand by the app shell): what the place is for, the light of
// the day from midday to dusk, and its ambient sound (ambience.ts). Sound is
// off until the person chooses it (autoplay rules and courtesy alike), then
// fades in quietly; a volume slider and the same button turn it down or off.

import { h } from '../ui/dom';
import { Ambience, layersInWords, mixFor, type CalmSetting } from './ambience';

export interface CalmPlaceHost {
  setting: CalmSetting;
  placeName: string;
  /** 0 day .. 1 dusk: the view's sky and light. */
  setDusk(amount: number): void;
  reducedMotion(): boolean;
}

export interface CalmPlacePanel {
  element: HTMLElement;
  /** Leaving the place: the sound stops. */
  dispose(): void;
}

const kDefaultVolume = 35;

/** The light's slider position (0..100) in words. */
export function lightWords(value: number): string {
  if (value < 20) return 'Midday';
  if (value < 50) return 'Afternoon';
  if (value < 80) return 'Evening';
  return 'Dusk';
}

export function createCalmPlacePanel(host: CalmPlaceHost): CalmPlacePanel {
  const mix = mixFor(host.setting);
  const layers = layersInWords(mix);
  const beach = host.setting === 'beach';
  const light = h('input', { type: 'range', id: 'calm-light', min: 0, max: 100, step: 5, value: 0, 'aria-describedby': 'calm-light-words' });
  const lightOut = h('output', { id: 'calm-light-words', for: 'calm-light' }, lightWords(0));
  const sound = h('button', { type: 'button', id: 'calm-sound', 'aria-pressed': 'false' }, `Play the sounds of the ${beach ? 'beach' : 'forest'}`);
  const volume = h('input', { type: 'range', id: 'calm-volume', min: 0, max: 100, step: 5, value: kDefaultVolume });
  const soundState = h('p', { class: 'notice', id: 'calm-sound-state', role: 'status' }, 'Sound is off. Nothing plays until you choose it.');
  const still = h('p', { class: 'notice', id: 'calm-still' });
  const element = h(
    'section',
    { class: 'panel calm-place', id: 'calm-place', 'aria-labelledby': 'calm-place-title' },
    h('h2', { id: 'calm-place-title' }, `Calm place: ${host.placeName}`),
    h(
      'p',
      {},
      beach
        ? 'Sand, the sea and a circle of driftwood seats. Follow the path to the circle; sit down with the Sit down button or the C key.'
        : 'A path through the trees to a sunlit clearing with a circle of log seats. Sit down with the Sit down button or the C key.',
    ),
    h('div', { class: 'clinic-row' }, h('label', { for: 'calm-light' }, 'Light of day: '), light, lightOut),
    h('div', { class: 'clinic-row' }, sound),
    h('div', { class: 'clinic-row' }, h('label', { for: 'calm-volume' }, 'Volume: '), volume),
    soundState,
    still,
  );

  let ambience: Ambience | undefined;
  const describeSound = () => {
    soundState.textContent = ambience
      ? `Playing ${layers}, made in your browser. Volume ${volume.value} of 100.`
      : 'Sound is off. Nothing plays until you choose it.';
  };
  const describeStill = () => {
    still.textContent = host.reducedMotion() ? `The ${beach ? 'sea and the light stand' : 'light through the leaves stands'} still, because Settings ask for reduced motion.` : '';
    still.hidden = !still.textContent;
  };

  light.addEventListener('input', () => {
    const value = Number(light.value);
    lightOut.textContent = lightWords(value);
    host.setDusk(value / 100);
  });
  sound.addEventListener('click', () => {
    if (ambience) {
      ambience.stop();
      ambience = undefined;
    } else if (typeof AudioContext === 'undefined') {
      soundState.textContent = 'This browser cannot make sound here (no Web Audio).';
      return;
    } else {
      // Made from this click, so the browser lets it play.
      ambience = new Ambience(new AudioContext(), mix);
      ambience.start(Number(volume.value));
    }
    sound.setAttribute('aria-pressed', String(Boolean(ambience)));
    sound.textContent = ambience ? 'Stop the sounds' : `Play the sounds of the ${beach ? 'beach' : 'forest'}`;
    describeSound();
  });
  volume.addEventListener('input', () => {
    ambience?.setVolume(Number(volume.value));
    describeSound();
  });
  describeStill();
  host.setDusk(0);

  return {
    element,
    dispose() {
      ambience?.stop();
      ambience = undefined;
      element.remove();
    },
  };
}
