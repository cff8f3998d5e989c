// 2D mode: the space as a floor plan (SVG, no WebGL), with everyone on it.
// Arrow keys walk in compass directions; a click or tap walks to that spot.
// The same actions as the 3D view are in the Map panel (walk to a room, go
// to a department), so nothing here is the only way to do anything.

import type { Space } from '../spaces/space';
import { boxCentre } from '../spaces/space';
import { colourFor, h, svg } from './dom';
import type { ViewOptions, WorldView } from './views';

export function createPlanView(options: ViewOptions): WorldView {
  const plan = svg('svg', { class: 'plan', role: 'img', 'aria-label': 'Floor plan' });
  const title = svg('title');
  plan.append(title);
  const layout = svg('g');
  const people = svg('g');
  plan.append(layout, people);
  const element = h(
    'div',
    {
      class: 'world-focus',
      tabindex: 0,
      'aria-label': 'Floor plan',
    },
  );
  element.append(plan);
  let space: Space | undefined;
  const dots = new Map<number, SVGCircleElement>();
  let self: SVGCircleElement | undefined;
  let lastDraw = 0;

  plan.addEventListener('click', (event) => {
    if (!space) return;
    const matrix = plan.getScreenCTM();
    if (!matrix) return;
    const point = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
    options.onFloorPick({ x: point.x, z: -point.y });
    element.focus();
  });

  function setSpace(next: Space): void {
    space = next;
    const b = next.bounds;
    // Screen y is -z, so north (+z) is up.
    plan.setAttribute('viewBox', `${b.min.x} ${-b.max.z} ${b.max.x - b.min.x} ${b.max.z - b.min.z}`);
    title.textContent = `Floor plan of ${next.name}`;
    layout.replaceChildren();
    people.replaceChildren();
    dots.clear();
    for (const zone of next.zones) {
      const rect = svg('rect', {
        class: zone.walled ? 'zone walled' : 'zone',
        x: zone.box.min.x,
        y: -zone.box.max.z,
        width: zone.box.max.x - zone.box.min.x,
        height: zone.box.max.z - zone.box.min.z,
      });
      layout.append(rect);
    }
    for (const portal of next.portals) {
      layout.append(
        svg('rect', {
          class: 'portal',
          x: portal.box.min.x,
          y: -portal.box.max.z,
          width: portal.box.max.x - portal.box.min.x,
          height: portal.box.max.z - portal.box.min.z,
        }),
      );
    }
    for (const wall of next.collisionWalls) {
      layout.append(svg('line', { class: 'wall', x1: wall.from.x, y1: -wall.from.z, x2: wall.to.x, y2: -wall.to.z }));
    }
    for (const zone of next.zones) {
      if (!zone.name || zone.box.max.x - zone.box.min.x > (b.max.x - b.min.x) * 0.9) continue;
      const centre = boxCentre(zone.box);
      const label = svg('text', { class: 'label', x: centre.x, y: -centre.z, 'text-anchor': 'middle' });
      label.textContent = zone.name;
      layout.append(label);
    }
    for (const portal of next.portals) {
      const centre = boxCentre(portal.box);
      const label = svg('text', { class: 'label', x: centre.x, y: -centre.z, 'text-anchor': 'middle' });
      label.textContent = portal.name;
      layout.append(label);
    }
    self = svg('circle', { class: 'avatar self', r: 0.45, fill: options.settings().avatarColour });
    const selfTitle = svg('title');
    selfTitle.textContent = `${options.selfName} (you)`;
    self.append(selfTitle);
    people.append(self);
  }

  function frame(now: number): void {
    if (!space || !self) return;
    if (now - lastDraw < 50) return; // 20 Hz is plenty for a plan
    lastDraw = now;
    const position = options.client.prediction.position;
    self.setAttribute('cx', position.x.toFixed(2));
    self.setAttribute('cy', (-position.z).toFixed(2));
    const renderTime = options.client.clock.renderTime(now);
    const seen = new Set<number>();
    for (const avatar of options.client.avatars.values()) {
      const pose = avatar.buffer.sample(renderTime);
      if (!pose) continue;
      seen.add(avatar.entity);
      let dot = dots.get(avatar.entity);
      if (!dot) {
        dot = svg('circle', { class: 'avatar', r: 0.4, fill: colourFor(avatar.entity) });
        const label = svg('title');
        label.textContent = avatar.name;
        dot.append(label);
        people.insertBefore(dot, self);
        dots.set(avatar.entity, dot);
      }
      dot.setAttribute('cx', pose.body.x.toFixed(2));
      dot.setAttribute('cy', (-pose.body.z).toFixed(2));
    }
    for (const [entity, dot] of dots) {
      if (!seen.has(entity)) {
        dot.remove();
        dots.delete(entity);
      }
    }
  }

  return {
    element,
    kind: '2d',
    setSpace,
    frame,
    refresh: () => self?.setAttribute('fill', options.settings().avatarColour),
    dispose: () => element.remove(),
  };
}
