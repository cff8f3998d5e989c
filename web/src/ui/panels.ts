// The HTML overlay beside the view: landmark regions "People here", "Chat",
// "Map" and "Settings". Each renders from the store and calls back into the
// app for actions; all of it works by keyboard and screen reader.

import { ChatScope, EntityKind } from '../net/codec';
import { kindLabel, statusLabel, type ChatEntry, type Person, type RealtimeState } from '../net/realtime';
import type { Space } from '../spaces/space';
import { h } from './dom';
import { kAvatarPalette } from '../net/avatar-looks';
import type { GraphicsSetting } from './graphics';
import type { AvatarShape, CameraMode, LowDataVoice, Settings, TextSize, ViewMode } from './settings';

function region(id: string, title: string, ...children: Node[]): HTMLElement {
  return h('section', { 'aria-labelledby': `${id}-title`, id }, h('h2', { id: `${id}-title` }, title), ...children);
}

export function badgeFor(kind: EntityKind): string {
  return kind === EntityKind.Staff ? 'Staff' : kind === EntityKind.Guest ? 'Guest' : kind === EntityKind.Bot ? 'Bot' : 'Visitor';
}

// ---- People here ----

/**
 * `extras(entity)`: a feature's own element for that person's row (proximity
 * voice's words and controls), made once per row and never re-rendered here,
 * so a slider being dragged survives the list's updates.
 */
export function createPeoplePanel(extras: (entity: number, self: boolean) => Node | null = () => null) {
  const list = h('ul', { class: 'people', id: 'people-list' });
  const count = h('p', { class: 'notice', id: 'people-count' });
  const element = region('people', 'People here', count, list);
  interface Row {
    li: HTMLLIElement;
    line: HTMLElement;
    key: string;
  }
  const rows = new Map<number, Row>();
  let lastExtras = extras;
  return {
    element,
    /** Rows made from now on get `next`'s elements (a feature that loaded later); `render` again to apply. */
    setExtras(next: typeof extras) {
      extras = next;
    },
    render(people: Person[]) {
      count.textContent = people.length === 1 ? 'Only you are here.' : `${people.length} people are here.`;
      if (extras !== lastExtras) {
        rows.clear();
        lastExtras = extras;
      }
      const seen = new Set<number>();
      const items = people.map((person) => {
        seen.add(person.entity);
        const key = JSON.stringify([person.name, person.self, person.kind, person.status, person.activity ?? '']);
        let row = rows.get(person.entity);
        if (!row) {
          const line = h('span', { class: 'person-line' });
          const li = h('li', { 'data-entity': person.entity }, line, extras(person.entity, person.self));
          row = { li, line, key: '' };
          rows.set(person.entity, row);
        }
        if (row.key !== key) {
          row.key = key;
          const parts = [
            h('span', { class: 'name' }, person.self ? `${person.name} (you)` : person.name),
            h('span', { class: 'badge' }, badgeFor(person.kind)),
            person.status !== 0 ? h('span', { class: 'notice' }, statusLabel(person.status)) : null,
            person.activity ? h('span', { class: 'notice person-activity' }, person.activity) : null,
          ];
          row.line.replaceChildren(...parts.filter((part) => part !== null));
        }
        return row.li;
      });
      for (const entity of [...rows.keys()]) if (!seen.has(entity)) rows.delete(entity);
      // Moving a row would drop the focus in it: the list changes only when who is here, or their order, does.
      const current = [...list.children];
      if (current.length !== items.length || items.some((item, index) => current[index] !== item)) list.replaceChildren(...items);
    },
  };
}

// ---- Chat ----

const scopeNames: Record<ChatScope, string> = {
  [ChatScope.Space]: 'everyone in this space',
  [ChatScope.Nearby]: 'people nearby',
  [ChatScope.Direct]: 'direct',
};

export function describeChat(entry: ChatEntry, people: Person[]): string {
  if (entry.scope === ChatScope.Direct) {
    if (entry.outgoing) {
      const to = people.find((person) => person.entity === entry.target)?.name ?? 'someone';
      return `You to ${to}: ${entry.text}`;
    }
    return `${entry.fromName} to you: ${entry.text}`;
  }
  return `${entry.outgoing ? 'You' : entry.fromName}: ${entry.text}`;
}

/** `typing` hears whether the message box holds an unsent message (others see a typing indicator). */
export function createChatPanel(send: (scope: ChatScope, text: string, target: number) => void, typing: (typing: boolean) => void = () => {}) {
  const log = h('ul', { class: 'chat-log', id: 'chat-log', 'aria-label': 'Chat messages', tabindex: 0 });
  const scope = h(
    'select',
    { id: 'chat-scope' },
    h('option', { value: String(ChatScope.Space) }, 'Everyone in this space'),
    h('option', { value: String(ChatScope.Nearby) }, 'People nearby'),
    h('option', { value: String(ChatScope.Direct) }, 'One person (direct)'),
  );
  const target = h('select', { id: 'chat-target', disabled: true });
  const input = h('input', { id: 'chat-input', type: 'text', maxlength: 500, autocomplete: 'off' });
  const form = h(
    'form',
    { class: 'chat-form' },
    h('label', { for: 'chat-scope', class: 'visually-hidden' }, 'Send to'),
    scope,
    h('label', { for: 'chat-target', class: 'visually-hidden' }, 'Person'),
    target,
    h('label', { for: 'chat-input', class: 'visually-hidden' }, 'Message'),
    input,
    h('button', { type: 'submit' }, 'Send'),
  );
  scope.addEventListener('change', () => {
    target.disabled = Number(scope.value) !== ChatScope.Direct;
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = Number(scope.value) as ChatScope;
    if (!input.value.trim()) return;
    if (chosen === ChatScope.Direct && !target.value) return;
    send(chosen, input.value, Number(target.value || 0));
    input.value = '';
    typing(false);
  });
  input.addEventListener('input', () => typing(input.value.trim() !== ''));
  input.addEventListener('blur', () => typing(false));
  const element = region('chat', 'Chat', log, form);
  let rendered = 0;
  return {
    element,
    render(state: RealtimeState) {
      const others = state.people.filter((person) => !person.self);
      const selected = target.value;
      target.replaceChildren(
        ...(others.length === 0
          ? [h('option', { value: '' }, 'Nobody else is here')]
          : others.map((person) => h('option', { value: String(person.entity) }, person.name))),
      );
      if (others.some((person) => String(person.entity) === selected)) target.value = selected;
      if (state.chat.length === 0 || state.chat[state.chat.length - 1].id !== rendered) {
        log.replaceChildren(
          ...state.chat.map((entry) =>
            h(
              'li',
              {},
              h('span', { class: 'scope' }, `[${scopeNames[entry.scope]}] `),
              describeChat(entry, state.people),
            ),
          ),
        );
        rendered = state.chat.length ? state.chat[state.chat.length - 1].id : 0;
        log.scrollTop = log.scrollHeight;
      }
    },
  };
}

// ---- Map ----

export interface Destination {
  id: string; // department id
  name: string;
  space: string; // the space to go to
}

export function createMapPanel(actions: {
  goTo(destination: Destination): void;
  walkToZone(zoneId: string): void;
  goToSpace(space: string): void;
}) {
  const departments = h('ul', { class: 'map-list', id: 'map-departments', 'aria-label': 'Departments' });
  const rooms = h('ul', { class: 'map-list', id: 'map-rooms', 'aria-label': 'Rooms here' });
  const lobby = h('p', {});
  const element = region('map', 'Map', h('h3', {}, 'Departments'), departments, h('h3', {}, 'Rooms here'), rooms, lobby);
  return {
    element,
    renderDepartments(list: Destination[]) {
      departments.replaceChildren(
        ...(list.length === 0
          ? [h('li', {}, 'No departments are open.')]
          : list.map((destination) => {
              const button = h('button', { type: 'button', 'aria-label': `Go to ${destination.name}` }, 'Go');
              button.addEventListener('click', () => actions.goTo(destination));
              return h('li', {}, h('span', {}, destination.name), button);
            })),
      );
    },
    renderSpace(space: Space | undefined) {
      const named = space ? space.zones.filter((zone) => zone.name) : [];
      rooms.replaceChildren(
        ...(named.length === 0
          ? [h('li', {}, 'No named rooms here.')]
          : named.map((zone) => {
              const button = h('button', { type: 'button', class: 'secondary', 'aria-label': `Walk to ${zone.name}` }, 'Walk');
              button.addEventListener('click', () => actions.walkToZone(zone.id));
              return h('li', {}, h('span', {}, zone.name), button);
            })),
      );
      lobby.replaceChildren();
      if (space && space.id !== 'lobby') {
        const back = h('button', { type: 'button', class: 'secondary' }, 'Back to the lobby');
        back.addEventListener('click', () => actions.goToSpace('lobby'));
        lobby.append(back);
      }
    },
  };
}

// ---- Settings ----

export function createSettingsPanel(initial: Settings, change: (next: Settings) => void, notice: string, graphicsWords: string) {
  let settings = { ...initial };
  const update = (patch: Partial<Settings>) => {
    settings = { ...settings, ...patch };
    change(settings);
  };
  const checkbox = (id: string, label: string, value: boolean, apply: (checked: boolean) => void) => {
    const input = h('input', { id, type: 'checkbox', checked: value });
    input.addEventListener('change', () => apply(input.checked));
    return h('label', { for: id }, input, label);
  };
  const select = <T extends string>(id: string, label: string, value: T, options: Array<[T, string]>, apply: (value: T) => void) => {
    const element = h('select', { id }, ...options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
    element.addEventListener('change', () => apply(element.value as T));
    return h('label', { for: id }, `${label} `, element);
  };
  const swatch = h('span', { class: 'colour-swatch', 'aria-hidden': 'true' });
  swatch.style.background = settings.avatarColour;
  const colour = select<string>('setting-colour', 'Avatar colour:', settings.avatarColour, kAvatarPalette.map((entry) => [entry.hex, entry.name]), (avatarColour) => {
    swatch.style.background = avatarColour;
    update({ avatarColour });
  });
  colour.append(swatch);
  // Polite status: the 3D view may turn lighter by itself after slow frames.
  const graphicsState = h('p', { class: 'notice', id: 'graphics-state', role: 'status' }, graphicsWords);
  const element = region(
    'settings',
    'Settings',
    h(
      'div',
      { class: 'settings' },
      select<ViewMode>('setting-mode', 'View:', settings.mode, [['auto', 'Automatic'], ['3d', '3D'], ['2d', '2D floor plan (no 3D)']], (mode) => update({ mode })),
      notice ? h('p', { class: 'notice', id: 'mode-notice' }, notice) : null,
      select<GraphicsSetting>(
        'setting-graphics',
        'Graphics:',
        settings.graphics,
        [['auto', 'Automatic'], ['full', 'Full'], ['lighter', 'Lighter (for slow devices)']],
        (graphics) => update({ graphics }),
      ),
      graphicsState,
      checkbox('setting-low-data', 'Low-data mode (fewer updates, for slow links)', settings.lowData, (lowData) => update({ lowData })),
      select<LowDataVoice>('setting-low-data-voice', 'Voice in low-data mode:', settings.lowDataVoice, [['mono16', 'Mono, 16 kbit/s'], ['off', 'Off']], (lowDataVoice) => update({ lowDataVoice })),
      checkbox('setting-reduced-motion', 'Reduce motion', settings.reducedMotion, (reducedMotion) => update({ reducedMotion })),
      checkbox('setting-contrast', 'High contrast', settings.highContrast, (highContrast) => update({ highContrast })),
      select<TextSize>('setting-text', 'Text size:', settings.textSize, [['normal', 'Normal'], ['large', 'Large'], ['larger', 'Larger']], (textSize) => update({ textSize })),
      colour,
      select<AvatarShape>('setting-shape', 'Avatar shape:', settings.avatarShape, [['round', 'Round'], ['tall', 'Tall'], ['broad', 'Broad']], (avatarShape) => update({ avatarShape })),
      select<CameraMode>('setting-camera', 'Camera:', settings.camera, [['first', 'First person'], ['third', 'Third person']], (camera) => update({ camera })),
      checkbox('setting-personal-space', 'Personal space bubble (people closer than 1 m are hidden from you)', settings.personalSpace, (personalSpace) => update({ personalSpace })),
      checkbox('setting-vignette', 'Comfort vignette while moving in VR', settings.comfortVignette, (comfortVignette) => update({ comfortVignette })),
      select<string>('setting-snap', 'VR snap turn:', String(settings.snapTurnDeg), [['15', '15°'], ['30', '30°'], ['45', '45°'], ['90', '90°']], (value) => update({ snapTurnDeg: Number(value) })),
    ),
  );
  return {
    element,
    showGraphics(words: string) {
      graphicsState.textContent = words;
    },
  };
}

export { kindLabel };
