// The check-in page: camera preview, microphone level meter, speaker test,
// connection check and consent, then POST check-in. Every device state is
// said in words; a patient whose camera or microphone cannot be used can
// still continue with sound only or the text chat.

import { h } from '../ui/dom';
import type { Appointment, ClinicApi, DeviceCheck, DeviceResult, Visit } from './api';
import { clinicErrorWords, formatWhen } from './format';
import { createMeetingChoice } from './meeting-choice';
import { openDevice, rmsLevel, stopStream, type CallMode, type DeviceOutcome } from './media';
import { audioContext, playTestTone } from './sounds';

export interface CheckInActions {
  checkedIn(visit: Visit, mode: CallMode): void;
  back(): void;
  /** The back button's words ("Back to appointments" when absent). */
  backLabel?: string;
}

const kRoundTrips = 3;

export function createCheckInPage(clinic: ClinicApi, appointment: Appointment, actions: CheckInActions) {
  const preview = h('video', { class: 'clinic-preview', id: 'check-in-preview', muted: true, autoplay: true, playsinline: true, 'aria-label': 'Your camera preview' });
  preview.muted = true;
  const cameraWords = h('p', { id: 'check-in-camera', role: 'status' }, 'Testing your camera…');
  const meter = h('meter', { id: 'check-in-level', min: 0, max: 1, low: 0.05, optimum: 0.3, value: 0 });
  const micWords = h('p', { id: 'check-in-microphone', role: 'status' }, 'Testing your microphone…');
  const retry = h('button', { type: 'button', class: 'secondary', id: 'check-in-retry' }, 'Test again');
  const play = h('button', { type: 'button', class: 'secondary', id: 'check-in-play' }, 'Play a test sound');
  const heardYes = h('button', { type: 'button', class: 'secondary', id: 'check-in-heard-yes', 'aria-pressed': 'false' }, 'Yes, I heard it');
  const heardNo = h('button', { type: 'button', class: 'secondary', id: 'check-in-heard-no', 'aria-pressed': 'false' }, 'No, I did not');
  const speakerWords = h('p', { id: 'check-in-speaker', role: 'status' }, 'Press "Play a test sound", then say whether you heard it.');
  const connectionWords = h('p', { id: 'check-in-connection', role: 'status' }, 'Checking your connection…');
  const modeRadio = (value: CallMode, label: string, checked: boolean) =>
    h('label', { for: `check-in-mode-${value}` }, h('input', { type: 'radio', name: 'check-in-mode', id: `check-in-mode-${value}`, value, checked }), label);
  const modes = h(
    'fieldset',
    { class: 'clinic-fieldset' },
    h('legend', {}, 'How would you like to join?'),
    modeRadio('video', 'Video and sound', true),
    modeRadio('audio', 'Sound only (no camera)', false),
    modeRadio('text', 'Text chat only', false),
  );
  const meeting = createMeetingChoice(appointment.department);
  const consent = h('input', { type: 'checkbox', id: 'check-in-consent' });
  const error = h('p', { class: 'problem', id: 'check-in-error', role: 'alert' });
  const submit = h('button', { type: 'submit', id: 'check-in-submit' }, 'Check in');
  const back = h('button', { type: 'button', class: 'secondary' }, actions.backLabel ?? 'Back to appointments');
  const form = h(
    'form',
    { class: 'clinic-form' },
    h('fieldset', { class: 'clinic-fieldset' }, h('legend', {}, 'Camera'), preview, cameraWords),
    h(
      'fieldset',
      { class: 'clinic-fieldset' },
      h('legend', {}, 'Microphone'),
      h('label', { for: 'check-in-level' }, 'Microphone level (say something: the bar should move)'),
      meter,
      micWords,
      retry,
    ),
    h('fieldset', { class: 'clinic-fieldset' }, h('legend', {}, 'Speaker'), play, h('p', {}, 'Did you hear it?'), h('div', { class: 'clinic-row' }, heardYes, heardNo), speakerWords),
    h('fieldset', { class: 'clinic-fieldset' }, h('legend', {}, 'Connection'), connectionWords),
    meeting?.element,
    modes,
    h(
      'label',
      { for: 'check-in-consent', class: 'clinic-consent' },
      consent,
      'I agree to this virtual visit by video, sound or text. Nothing is recorded; my clinician writes a note in my record.',
    ),
    error,
    h('div', { class: 'clinic-row' }, submit, back),
  );
  const element = h(
    'section',
    { class: 'clinic-panel', id: 'clinic-check-in', 'aria-labelledby': 'clinic-check-in-title' },
    h('h2', { id: 'clinic-check-in-title' }, 'Check in for your visit'),
    h(
      'p',
      {},
      `Your visit: ${formatWhen(appointment.start)} with ${appointment.clinician.name}. ` +
        'First we check your camera, microphone, speaker and connection. Nothing is recorded.',
    ),
    form,
  );

  let camera: { stream?: MediaStream; outcome: DeviceOutcome } | undefined;
  let microphone: { stream?: MediaStream; outcome: DeviceOutcome } | undefined;
  let speaker: 'ok' | 'not_confirmed' = 'not_confirmed';
  let rttMs = -1;
  let meterTimer: ReturnType<typeof setInterval> | undefined;
  let analyserSource: MediaStreamAudioSourceNode | undefined;
  let closed = false;

  function releaseDevices(): void {
    if (meterTimer !== undefined) clearInterval(meterTimer);
    meterTimer = undefined;
    analyserSource?.disconnect();
    analyserSource = undefined;
    stopStream(camera?.stream);
    stopStream(microphone?.stream);
    preview.srcObject = null;
  }

  async function testDevices(): Promise<void> {
    releaseDevices();
    cameraWords.textContent = 'Testing your camera…';
    micWords.textContent = 'Testing your microphone…';
    camera = await openDevice('camera');
    if (closed) return stopStream(camera.stream);
    cameraWords.textContent = camera.outcome.words;
    cameraWords.classList.toggle('problem', camera.outcome.result !== 'ok');
    if (camera.stream) {
      preview.srcObject = camera.stream;
      void preview.play().catch(() => {});
    }
    microphone = await openDevice('microphone');
    if (closed) return stopStream(microphone.stream);
    micWords.textContent = microphone.outcome.words;
    micWords.classList.toggle('problem', microphone.outcome.result !== 'ok');
    if (microphone.stream) startMeter(microphone.stream);
    if (camera.outcome.result !== 'ok' && microphone.outcome.result === 'ok') choose('audio');
    if (microphone.outcome.result !== 'ok') choose('text');
  }

  function startMeter(stream: MediaStream): void {
    const audio = audioContext();
    if (!audio) return;
    analyserSource = audio.createMediaStreamSource(stream);
    const analyser = audio.createAnalyser();
    analyser.fftSize = 512;
    analyserSource.connect(analyser);
    const samples = new Uint8Array(analyser.fftSize);
    meterTimer = setInterval(() => {
      analyser.getByteTimeDomainData(samples);
      meter.value = Math.min(1, rmsLevel(samples) * 3);
    }, 100);
  }

  async function testConnection(): Promise<void> {
    const times: number[] = [];
    for (let i = 0; i < kRoundTrips; i++) {
      const result = await clinic.healthRoundTrip();
      if (!result.ok) {
        connectionWords.textContent = `The server could not be reached (${result.error.message}). Check your internet connection.`;
        connectionWords.classList.add('problem');
        return;
      }
      times.push(result.value);
    }
    times.sort((a, b) => a - b);
    rttMs = times[Math.floor(times.length / 2)];
    const quality = rttMs < 150 ? 'good' : rttMs < 400 ? 'fair' : 'slow: video may be choppy, sound only may work better';
    connectionWords.textContent = `Your connection is ${quality} (${rttMs} ms to the clinic).`;
  }

  function choose(mode: CallMode): void {
    const input = form.querySelector<HTMLInputElement>(`#check-in-mode-${mode}`);
    if (input) input.checked = true;
  }

  function chosenMode(): CallMode {
    return (form.querySelector<HTMLInputElement>('input[name=check-in-mode]:checked')?.value as CallMode) ?? 'video';
  }

  function result(outcome: DeviceOutcome | undefined, used: boolean): DeviceResult {
    if (!used) return 'skipped';
    return outcome?.result ?? 'skipped';
  }

  retry.addEventListener('click', () => void testDevices());
  play.addEventListener('click', () => {
    speakerWords.textContent = playTestTone() ? 'Playing a short tone now. Did you hear it?' : 'This browser cannot play sounds.';
  });
  heardYes.addEventListener('click', () => {
    speaker = 'ok';
    heardYes.setAttribute('aria-pressed', 'true');
    heardNo.setAttribute('aria-pressed', 'false');
    speakerWords.textContent = 'Your speaker works.';
    speakerWords.classList.remove('problem');
  });
  heardNo.addEventListener('click', () => {
    speaker = 'not_confirmed';
    heardNo.setAttribute('aria-pressed', 'true');
    heardYes.setAttribute('aria-pressed', 'false');
    speakerWords.textContent =
      'Check that your volume is up and not muted, and that the right speaker or headphones are chosen, then play the sound again. ' +
      'You can still continue: your clinician can also write to you in the chat.';
    speakerWords.classList.add('problem');
  });
  back.addEventListener('click', () => {
    dispose();
    actions.back();
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!consent.checked) {
      error.textContent = 'Please tick the consent box to check in.';
      consent.focus();
      return;
    }
    error.textContent = '';
    const chosen = meeting?.value();
    // Avatars only: voice without the camera, whatever the join mode said.
    const mode = chosen?.avatars_only && chosenMode() === 'video' ? 'audio' : chosenMode();
    const device: DeviceCheck = {
      camera: result(camera?.outcome, mode === 'video'),
      microphone: result(microphone?.outcome, mode !== 'text'),
      speaker,
      connection_rtt_ms: rttMs,
    };
    submit.disabled = true;
    const answer = await clinic.checkIn(appointment.id, device, chosen);
    submit.disabled = false;
    if (!answer.ok) {
      error.textContent = clinicErrorWords(answer.error.code, answer.error.message);
      return;
    }
    dispose();
    actions.checkedIn(answer.value, mode);
  });

  function dispose(): void {
    closed = true;
    releaseDevices();
  }

  return {
    element,
    start(): void {
      void testDevices();
      void testConnection();
    },
    dispose,
  };
}
