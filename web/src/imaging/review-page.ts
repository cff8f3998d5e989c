// Case reviews (loaded on first use from the app shell, for care staff): the
// patients' studies the clinician may see (QIDO-RS), a viewer for one, and
// case reviews: create one for a patient (study, question; the summary
// comes from the record), invite colleagues, meet around the images with a
// presenter whom the others follow or leave to look around and snap back to,
// named pointers and shared annotations, and write the conclusions to the
// patient's record. Every state is said in words (#review-message).

import type { ApiClient } from '../net/rest';
import { h } from '../ui/dom';
import type { PageController, PageHost } from '../ui/page-host';
import { dicomDateWords, FrameCache, loadStack, searchStudies, type Stack, type StudySummary } from './dicomweb';
import { annotate, conclude, createReview, getLive, getReview, listReviews, postLive, reviewErrorWords, visitLink, type CaseReview } from './review-api';
import {
  modeAfterLocalChange, modeAfterPoll, modeWords, pointerWords, pointersOn, sameView, sharedView, withShared, type Annotation, type FollowMode, type LiveState,
} from './review-sync';
import { createViewer, type Viewer } from './viewer';

const kPollMs = 300;
const kPointerMs = 150;

function whenWords(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
}

function annotationWords(annotation: Annotation): string {
  const what = annotation.kind === 'text' ? `Note "${annotation.text}"` : annotation.kind === 'distance' ? 'Distance' : annotation.kind === 'arrow' ? 'Arrow' : 'Circle';
  return `${what} on slice ${annotation.slice + 1}, by ${annotation.author || 'you'}`;
}

export function createReviewPage(host: PageHost): PageController {
  const api: ApiClient = host.api;
  // An outside colleague's visit link names one review (docs/api.md "Case reviews").
  const visitingReview = /^review:([0-9a-f]{32})$/.exec(host.user.purpose ?? '')?.[1];
  const cache = new FrameCache();
  const message = h('p', { class: 'clinic-message', role: 'status', id: 'review-message' });
  const close = h('button', { type: 'button', class: 'secondary clinic-close', id: 'review-close' }, 'Close');
  const reviewsList = h('ul', { class: 'review-list', id: 'review-list' });
  const studiesList = h('ul', { class: 'review-list', id: 'review-studies' });
  const meeting = h('section', { id: 'review-meeting', 'aria-labelledby': 'review-meeting-title', hidden: true });
  const lists = h(
    'div',
    { id: 'review-lists' },
    h('h3', { id: 'review-mine-title', tabindex: -1 }, 'Your case reviews'),
    reviewsList,
    visitingReview ? null : h('h3', {}, 'Patients\u2019 studies you may see'),
    visitingReview ? null : studiesList,
  );
  const element = h(
    'section',
    { class: 'clinic-panel record-panel review-panel', id: 'review-page', 'aria-labelledby': 'review-title' },
    h('div', { class: 'clinic-head' }, h('h2', { id: 'review-title', tabindex: -1 }, 'Images and case reviews'), close),
    message,
    lists,
    meeting,
  );
  host.layer.replaceChildren(element);
  let open = false;
  let leave: (() => void) | undefined;

  function say(text: string, problem = false, announce = false): void {
    message.textContent = text;
    message.classList.toggle('problem', problem);
    if (announce) host.say(text);
  }

  // ---- lists ----
  async function refresh(): Promise<void> {
    say('Loading your case reviews and the studies you may see\u2026');
    const [reviews, studies] = await Promise.all([listReviews(api), visitingReview ? Promise.resolve({ ok: true as const, value: [] }) : searchStudies(api)]);
    if (!reviews.ok) return say(reviewErrorWords(reviews.error), true);
    if (!studies.ok) return say(reviewErrorWords(studies.error), true);
    reviewsList.replaceChildren(
      ...(reviews.value.reviews.length === 0
        ? [h('li', {}, 'No case review yet. Start one from a study below.')]
        : reviews.value.reviews.map((review) => reviewItem(review))),
    );
    studiesList.replaceChildren(
      ...(studies.value.length === 0 ? [h('li', {}, 'No study of a patient in your care.')] : studies.value.map((study) => studyItem(study))),
    );
    say(`${reviews.value.reviews.length} case review(s); ${studies.value.length} study(ies) you may see.`);
  }

  function reviewItem(review: CaseReview): HTMLElement {
    const join = h('button', { type: 'button', 'data-review': review.id }, review.status === 'closed' ? 'Read' : 'Join the review');
    join.addEventListener('click', () => void joinReview(review.id));
    const people = (review.invited ?? []).map((person) => person.name).join(', ');
    return h(
      'li',
      { class: 'review-item' },
      h('strong', {}, review.question ?? 'A case review you were invited to'),
      h('span', {}, ` ${whenWords(review.starts_at)} to ${whenWords(review.ends_at)}. ${review.status === 'closed' ? 'Concluded.' : 'Scheduled.'} `),
      people ? h('span', {}, `With ${people}. `) : null,
      join,
    );
  }

  function studyItem(study: StudySummary): HTMLElement {
    const view = h('button', { type: 'button', class: 'secondary', 'data-study': study.study }, 'Open the images');
    const start = h('button', { type: 'button', 'data-start-review': study.study }, 'Start a case review');
    view.addEventListener('click', () => void openAlone(study));
    const form = reviewForm(study);
    start.addEventListener('click', () => {
      form.hidden = !form.hidden;
      start.setAttribute('aria-expanded', String(!form.hidden));
      if (!form.hidden) form.querySelector<HTMLElement>('textarea')?.focus();
    });
    start.setAttribute('aria-expanded', 'false');
    return h(
      'li',
      { class: 'review-item' },
      h('strong', {}, study.description),
      h('span', {}, ` ${study.modalities || 'images'}, ${dicomDateWords(study.date)}, ${study.instances} images, patient ${study.patient.slice(0, 8)}\u2026 `),
      view,
      start,
      form,
    );
  }

  function reviewForm(study: StudySummary): HTMLElement {
    const key = study.study.replace(/\./g, '-');
    const question = h('textarea', { id: `review-question-${key}`, rows: 2, maxlength: 1000, required: true });
    const invite = h('input', { type: 'text', id: `review-invite-${key}`, placeholder: 'e.g. endo1, derm1', autocomplete: 'off' });
    const starts = h('input', { type: 'datetime-local', id: `review-starts-${key}` });
    const minutes = h('input', { type: 'number', id: `review-minutes-${key}`, min: 15, max: 480, step: 15, value: 60 });
    const problem = h('p', { class: 'error', id: `review-form-problem-${key}`, role: 'alert' });
    const submit = h('button', { type: 'submit' }, 'Create the review and invite');
    const form = h(
      'form',
      { class: 'admin-form review-form', hidden: true, 'aria-label': `New case review of ${study.description}` },
      h('label', { for: question.id }, 'Question for the colleagues'),
      question,
      h('label', { for: invite.id }, 'Invite colleagues (logins, separated by commas)'),
      invite,
      h('label', { for: starts.id }, 'Starts (empty: now)'),
      starts,
      h('label', { for: minutes.id }, 'Length in minutes'),
      minutes,
      problem,
      submit,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void (async () => {
        if (!question.value.trim()) {
          problem.textContent = 'Write the question the review is to answer.';
          return question.focus();
        }
        const startsAt = starts.value ? new Date(starts.value) : null;
        if (startsAt && Number.isNaN(startsAt.getTime())) {
          problem.textContent = 'The start time is not a date and time.';
          return starts.focus();
        }
        submit.disabled = true;
        const created = await createReview(api, {
          patient: study.patient,
          study: study.study,
          question: question.value.trim(),
          ...(startsAt ? { starts_at: startsAt.toISOString() } : {}),
          minutes: Number(minutes.value) || 60,
          invite: invite.value.split(/[\s,]+/).filter(Boolean),
        });
        submit.disabled = false;
        if (!created.ok) {
          problem.textContent = reviewErrorWords(created.error);
          return;
        }
        problem.textContent = '';
        say('The case review is created; the invited colleagues find it under "Your case reviews".', false, true);
        void joinReview(created.value.id);
      })();
    });
    return form;
  }

  // ---- the viewer alone ----
  async function openAlone(study: StudySummary): Promise<void> {
    leave?.();
    say('Loading the study\u2026');
    const stack = await loadStack(api, study.study);
    if (!stack.ok) return say(reviewErrorWords(stack.error), true);
    const annotations: Annotation[] = [];
    const viewer = createViewer({
      stack: stack.value,
      cache,
      say: host.say,
      annotations: () => annotations,
      pointers: () => [],
      onAnnotate: async (annotation) => {
        annotations.push({ ...annotation, id: String(annotations.length), author: 'you' });
        return '';
      },
    });
    showMeeting(study.description, [h('p', {}, 'Annotations here are yours alone and are not kept. Start a case review to share and keep them.')], viewer);
    say(`${study.description}: ${stack.value.instances.length} images.`, false, true);
  }

  function showMeeting(title: string, parts: Array<HTMLElement | null>, viewer: Viewer): void {
    const back = h('button', { type: 'button', class: 'secondary', id: 'review-back' }, 'Back to the lists');
    back.addEventListener('click', () => {
      leave?.();
      void refresh();
      lists.querySelector<HTMLElement>('h3')?.focus();
    });
    meeting.replaceChildren(h('div', { class: 'clinic-head' }, h('h3', { id: 'review-meeting-title', tabindex: -1 }, title), back), ...parts.filter((part): part is HTMLElement => part !== null), viewer.element);
    lists.hidden = true;
    meeting.hidden = false;
    leave = () => {
      viewer.dispose();
      meeting.hidden = true;
      meeting.replaceChildren();
      lists.hidden = false;
      leave = undefined;
    };
    meeting.querySelector<HTMLElement>('h3')?.focus();
  }

  // ---- a shared review ----
  async function joinReview(id: string): Promise<void> {
    leave?.();
    say('Joining the case review\u2026');
    const review = await getReview(api, id);
    if (!review.ok) return say(reviewErrorWords(review.error), true);
    const stack = await loadStack(api, review.value.study ?? '');
    if (!stack.ok) return say(reviewErrorWords(stack.error), true);
    if (review.value.status === 'closed') return showClosed(review.value, stack.value);
    const first = await getLive(api, id);
    if (!first.ok) return say(reviewErrorWords(first.error), true);
    meet(review.value, stack.value, first.value);
  }

  function summaryPart(review: CaseReview): HTMLElement {
    const conditions = review.summary?.conditions ?? [];
    const observations = review.summary?.observations ?? [];
    return h(
      'div',
      { class: 'review-summary' },
      h('p', {}, h('strong', {}, 'Question: '), review.question ?? ''),
      h('p', {}, h('strong', {}, 'Conditions: '), conditions.length ? conditions.join('; ') : 'none recorded'),
      h('p', {}, h('strong', {}, 'Recent observations: '), observations.length ? observations.map((item) => `${item.text} (${item.date.slice(0, 10)})`).join('; ') : 'none recorded'),
      h('p', {}, h('strong', {}, 'Invited: '), (review.invited ?? []).map((person) => person.name).join(', ') || 'nobody yet'),
    );
  }

  function showClosed(review: CaseReview, stack: Stack): void {
    const annotations = review.annotations ?? [];
    const viewer = createViewer({ stack, cache, say: host.say, annotations: () => annotations, pointers: () => [], onAnnotate: async () => 'This review has ended: annotations are closed.' });
    showMeeting(`Case review (concluded): ${review.study_description ?? ''}`, [summaryPart(review), h('p', {}, h('strong', {}, 'Conclusions: '), review.conclusion?.text ?? '')], viewer);
    say('This case review has ended; its conclusions are in the patient\u2019s record.');
  }

  function meet(review: CaseReview, stack: Stack, initial: LiveState): void {
    let live = initial;
    let mode: FollowMode = live.presenter.user_id === live.you ? 'presenting' : 'following';
    let stopped = false;
    let posting = false;
    let pendingView = false;
    let lastPointerMs = 0;
    const modeLine = h('p', { id: 'review-mode', class: 'review-mode' });
    const pointerLine = h('p', { id: 'review-pointers' });
    const present = h('button', { type: 'button', class: 'secondary', id: 'review-present' }, 'Present');
    const snapBack = h('button', { type: 'button', id: 'review-snap-back' }, 'Snap back to the presenter');
    const annotationList = h('ul', { id: 'review-annotations', 'aria-label': 'Annotations' });
    const annotationCount = h('p', { id: 'review-annotation-count' });
    const isOrganiser = review.created_by === live.you;
    const conclusion = h('textarea', { id: 'review-conclusion', rows: 3, maxlength: 10000 });
    const concludeButton = h('button', { type: 'button', id: 'review-conclude' }, 'Write the conclusions to the record and end the review');
    const concludeProblem = h('p', { class: 'error', id: 'review-conclude-problem', role: 'alert' });
    const linkButton = h('button', { type: 'button', class: 'secondary', id: 'review-visit-link' }, 'Invite an outside colleague (visit link)');
    const linkField = h('input', { type: 'text', id: 'review-visit-url', readonly: true });
    const linkWords = h('p', { id: 'review-visit-words' });
    const linkPart = isOrganiser
      ? h('div', { class: 'review-visit' }, linkButton, h('div', { class: 'clinic-row', hidden: true }, h('label', { for: linkField.id }, 'Visit link to send'), linkField), linkWords)
      : null;
    linkButton.addEventListener('click', () => {
      void visitLink(api, review.id).then((answer) => {
        if (!answer.ok) {
          linkWords.textContent = reviewErrorWords(answer.error);
          return;
        }
        linkField.value = answer.value.url;
        linkField.parentElement!.hidden = false;
        linkWords.textContent = `Send this link to the colleague: it opens this case only, once, and works until ${whenWords(answer.value.expires)}. Their visit is audited.`;
        linkField.select();
      });
    });
    const concludePart = isOrganiser
      ? h('div', { class: 'review-conclude' }, h('label', { for: conclusion.id }, 'Conclusions (written to the patient\u2019s record as a clinical note)'), conclusion, concludeButton, concludeProblem)
      : null;

    const toRoom = host.joinSpace ? h('button', { type: 'button', class: 'secondary', id: 'review-to-room' }, 'Meet in the conference room') : null;
    toRoom?.addEventListener('click', () => {
      host.joinSpace?.('conference-room');
      say('Going to the conference room: its wall screen shows this image in 3D.', false, true);
    });
    const viewer = createViewer({
      stack,
      cache,
      say: host.say,
      onFrame: (image, state) =>
        host.showOnWall?.({ image, caption: `${review.study_description || 'Case review'}: slice ${state.slice + 1} of ${state.slices} (presenting: ${live.presenter.name})` }),
      annotations: () => live.annotations,
      pointers: () => pointersOn(live, viewer.state().slice),
      onViewChange: () => {
        mode = modeAfterLocalChange(mode);
        if (mode === 'presenting') void sendView();
        showMode();
      },
      onPointer: (slice, x, y) => {
        const now = performance.now();
        if (now - lastPointerMs < kPointerMs) return;
        lastPointerMs = now;
        void postLive(api, review.id, { pointer: { slice, x: Math.round(x * 10) / 10, y: Math.round(y * 10) / 10 } });
      },
      onAnnotate: async (annotation) => {
        const saved = await annotate(api, review.id, annotation);
        if (!saved.ok) return reviewErrorWords(saved.error);
        if (!live.annotations.some((item) => item.id === saved.value.id)) live = { ...live, annotations: [...live.annotations, saved.value] };
        showAnnotations();
        return '';
      },
    });

    async function sendView(): Promise<void> {
      if (posting) {
        pendingView = true;
        return;
      }
      posting = true;
      const sent = await postLive(api, review.id, { view: sharedView(viewer.state()) });
      posting = false;
      if (!sent.ok) say(reviewErrorWords(sent.error), true);
      if (pendingView) {
        pendingView = false;
        void sendView();
      }
    }

    function showMode(): void {
      modeLine.textContent = modeWords(mode, live.presenter.name);
      present.hidden = mode === 'presenting';
      snapBack.hidden = mode !== 'free';
      snapBack.textContent = `Snap back to ${live.presenter.name}`;
      meeting.dataset.mode = mode;
      meeting.dataset.version = String(live.version);
    }

    function showAnnotations(): void {
      annotationList.replaceChildren(...live.annotations.map((annotation) => h('li', {}, annotationWords(annotation))));
      pointerLine.textContent = pointerWords(live, viewer.state().slice);
      annotationCount.textContent = live.annotations.length === 0 ? 'No annotation yet.' : `${live.annotations.length} annotation(s), kept with the review.`;
      viewer.redraw();
    }

    present.addEventListener('click', () => {
      void postLive(api, review.id, { present: true }).then((answer) => {
        if (!answer.ok) return say(reviewErrorWords(answer.error), true);
        live = answer.value;
        mode = 'presenting';
        showMode();
        void sendView();
        say('You are presenting now.', false, true);
      });
    });
    snapBack.addEventListener('click', () => {
      mode = 'following';
      viewer.setState(withShared(viewer.state(), live.view));
      showMode();
      say(`Following ${live.presenter.name} again.`, false, true);
    });
    concludeButton.addEventListener('click', () => {
      if (!conclusion.value.trim()) {
        concludeProblem.textContent = 'Write the conclusions first.';
        return conclusion.focus();
      }
      concludeButton.disabled = true;
      void conclude(api, review.id, conclusion.value.trim()).then((answer) => {
        concludeButton.disabled = false;
        if (!answer.ok) {
          concludeProblem.textContent = reviewErrorWords(answer.error);
          return;
        }
        stop();
        say('The conclusions are in the patient\u2019s record as a clinical note; the review has ended.', false, true);
      });
    });

    async function poll(): Promise<void> {
      if (stopped) return;
      const fresh = await getLive(api, review.id);
      if (stopped) return;
      if (fresh.ok) {
        const before = live;
        live = fresh.value;
        const wasPresenting = mode === 'presenting';
        mode = modeAfterPoll(mode, live);
        if (wasPresenting && mode !== 'presenting') say(`${live.presenter.name} is presenting now.`, false, true);
        if (mode === 'following' && !sameView(sharedView(viewer.state()), live.view)) viewer.setState(withShared(viewer.state(), live.view));
        if (before.annotations.length !== live.annotations.length) {
          const added = live.annotations.slice(before.annotations.length);
          for (const annotation of added) if (annotation.author !== '') host.say(`New annotation: ${annotationWords(annotation)}.`);
        }
        showAnnotations();
        showMode();
      } else if (fresh.error.code === 'review_closed' || fresh.error.code === 'review_not_found') {
        stop();
        say(reviewErrorWords(fresh.error), true, true);
        return;
      }
      setTimeout(() => void poll(), kPollMs);
    }

    function stop(): void {
      stopped = true;
      leave?.();
      void refresh();
    }

    showMeeting(
      `Case review: ${review.study_description || 'imaging study'}`,
      [summaryPart(review), modeLine, h('div', { class: 'clinic-row' }, present, snapBack, toRoom), pointerLine],
      viewer,
    );
    meeting.append(h('h4', {}, 'Annotations'), annotationCount, annotationList);
    if (linkPart) meeting.append(linkPart);
    if (concludePart) meeting.append(concludePart);
    const previousLeave = leave;
    leave = () => {
      stopped = true;
      host.showOnWall?.(undefined);
      previousLeave?.();
    };
    if (mode === 'presenting') void sendView();
    else viewer.setState(withShared(viewer.state(), live.view));
    showMode();
    showAnnotations();
    say('You joined the case review.', false, true);
    host.say(modeWords(mode, live.presenter.name));
    setTimeout(() => void poll(), kPollMs);
  }

  function setOpen(next: boolean): void {
    open = next;
    host.layer.hidden = !open;
    host.shown(open);
    if (open && visitingReview && !leave) {
      void joinReview(visitingReview);
      element.querySelector<HTMLElement>('#review-title')?.focus();
    } else if (open) {
      void refresh();
      element.querySelector<HTMLElement>('#review-title')?.focus();
    } else leave?.();
  }
  close.addEventListener('click', () => {
    setOpen(false);
    host.returnFocus();
  });

  return {
    toggle: () => setOpen(!open),
    open: () => setOpen(true),
    close: () => open && setOpen(false),
  };
}
