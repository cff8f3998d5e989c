// 2D mode: the space as a floor plan (SVG, no WebGL), with everyone on it.
// Arrow keys walk in compass directions; a click or tap walks to that spot.
// The same actions as the 3D view are in the Map panel (walk to a room, go
// to a department), so nothing here is the only way to do anything.

import { kAvatarPalette } from '../net/avatar-looks';
import { kIconPaths } from '../spaces/icons';
import { furnitureCorners, furniturePoint, type Furniture, type Space } from '../spaces/space';
import { h, svg } from './dom';
import { fitPlan, iconSpacePx, layoutLabels } from './plan-labels';
import type { ViewOptions, WorldView } from './views';

/** A tree's crown on the plan, metres across (its trunk is the item's footprint). */
const kTreeCrownM = 3.6;

/**
 * An item's outline on the plan (metres): a floor line as a coloured stroke,
 * a trail as a broad one, a plant as a circle, a tree as its crown, the rest
 * as their footprint.
 */
function furnitureShapes(item: Furniture): SVGElement[] {
  const kind = `furniture ${item.kind.replace('_', '-')}`;
  const points = item.path.map((p) => `${p.x},${-p.z}`).join(' ');
  if (item.kind === 'floor_line') return [svg('polyline', { class: kind, points, stroke: item.colour || '#0b5cad' })];
  if (item.kind === 'trail') return [svg('polyline', { class: kind, points, 'stroke-width': item.width, stroke: item.colour || '#c9a878' })];
  if (item.kind === 'plant') return [svg('circle', { class: kind, cx: item.at.x, cy: -item.at.z, r: item.width / 2 })];
  if (item.kind === 'tree') return [svg('circle', { class: kind, cx: item.at.x, cy: -item.at.z, r: ((kTreeCrownM / 2) * item.width) / 0.5 })];
  if (item.kind === 'rock') return [svg('ellipse', { class: kind, cx: item.at.x, cy: -item.at.z, rx: item.width / 2, ry: item.depth / 2 })];
  if (item.kind === 'chair_row') {
    // One square a chair, so a row reads as seats.
    return Array.from({ length: item.count }, (_, index) => {
      const single = { ...item, kind: 'chair' as const, count: 1, at: { ...item.at, ...furniturePoint(item, { x: (index + 0.5 - item.count / 2) * item.width, z: 0 }) } };
      return polygon(single, 'furniture chair');
    });
  }
  return [polygon(item, kind)];
}

function polygon(item: Furniture, kind: string): SVGElement {
  return svg('polygon', { class: kind, points: furnitureCorners(item).map((p) => `${p.x},${-p.z}`).join(' ') });
}

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
  // Names are drawn in screen pixels over the plan (plan-labels.ts), so they
  // keep a legible size and never overlap; the Map panel lists the same rooms.
  const labels = svg('svg', { class: 'plan-labels', 'aria-hidden': 'true' });
  element.append(plan, labels);
  const observer = new ResizeObserver(() => drawLabels());
  observer.observe(element);
  let avatarRadiusM = { self: 0.45, other: 0.4 };

  function drawLabels(): void {
    if (!space) return;
    const viewport = { widthPx: element.clientWidth, heightPx: element.clientHeight };
    if (viewport.widthPx === 0 || viewport.heightPx === 0) return;
    const rootPx = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
    const layout = layoutLabels(space, viewport, rootPx * 0.875);
    labels.replaceChildren(
      ...layout.placed.flatMap((label) => {
        const iconPx = label.icon && kIconPaths[label.icon] ? iconSpacePx(layout.fontPx) : 0;
        const text = svg('text', {
          x: label.x + iconPx + (label.width - iconPx) / 2,
          y: label.y + label.height / 2,
          'text-anchor': 'middle',
          'dominant-baseline': 'central',
          'font-size': `${layout.fontPx}px`,
        });
        text.textContent = label.text;
        if (!iconPx) return [text];
        const size = layout.fontPx * 1.15;
        const icon = svg('svg', { class: 'plan-icon', x: label.x + 2, y: label.y + (label.height - size) / 2, width: size, height: size, viewBox: '0 0 24 24' });
        icon.append(svg('path', { d: kIconPaths[label.icon], 'fill-rule': 'evenodd' }));
        return [icon, text];
      }),
    );
    element.dataset.labels = JSON.stringify(layout.placed.map((label) => ({ ...label, fontPx: layout.fontPx })));
    element.dataset.labelsDropped = String(layout.dropped.length);
    // People stay visible too: at least 5 px across, however big the space.
    const pxPerM = fitPlan(space, viewport).pxPerM;
    avatarRadiusM = { self: Math.max(0.45, 6 / pxPerM), other: Math.max(0.4, 5 / pxPerM) };
    self?.setAttribute('r', avatarRadiusM.self.toFixed(2));
    for (const dot of dots.values()) dot.setAttribute('r', avatarRadiusM.other.toFixed(2));
  }
  let space: Space | undefined;
  let dusk: SVGElement | undefined;
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
    title.textContent = next.setting ? `Plan of ${next.name}: ${next.setting === 'beach' ? 'sand, with the sea along the top' : 'trees around a clearing'}` : `Floor plan of ${next.name}`;
    plan.classList.toggle('outdoor', Boolean(next.setting));
    plan.dataset.setting = next.setting;
    layout.replaceChildren();
    dusk = undefined;
    if (next.setting === 'beach') {
      // The sea: from the water's edge (the wall that ends the walk) to the top of the plan.
      const edge = Math.min(...next.walls.map((wall) => Math.max(wall.from.z, wall.to.z)), b.max.z);
      layout.append(svg('rect', { class: 'sea', x: b.min.x, y: -b.max.z, width: b.max.x - b.min.x, height: b.max.z - edge }));
    }
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
    // Paths first, then what stands on them; trees' crowns over all.
    const order = (item: Furniture) => (item.kind === 'trail' ? 0 : item.kind === 'tree' ? 2 : 1);
    for (const item of [...next.furniture].sort((a, c) => order(a) - order(c))) layout.append(...furnitureShapes(item));
    // Outdoors, the edges of walking are the water's edge and trunks, drawn as such.
    if (!next.setting) {
      for (const wall of next.collisionWalls) {
        layout.append(svg('line', { class: 'wall', x1: wall.from.x, y1: -wall.from.z, x2: wall.to.x, y2: -wall.to.z }));
      }
    } else {
      dusk = svg('rect', { class: 'dusk', x: b.min.x, y: -b.max.z, width: b.max.x - b.min.x, height: b.max.z - b.min.z, opacity: 0 });
      layout.append(dusk);
    }
    self = svg('circle', { class: 'avatar self', r: avatarRadiusM.self, fill: options.settings().avatarColour });
    const selfTitle = svg('title');
    selfTitle.textContent = `${options.selfName} (you)`;
    self.append(selfTitle);
    people.append(self);
    drawLabels();
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
        dot = svg('circle', { class: 'avatar', r: avatarRadiusM.other, fill: kAvatarPalette[0].hex });
        const label = svg('title');
        label.textContent = avatar.name;
        dot.append(label);
        people.insertBefore(dot, self);
        dots.set(avatar.entity, dot);
      }
      // Their chosen colour (protocol version 5), as in 3D.
      dot.setAttribute('fill', kAvatarPalette[options.client.looks.lookOf(avatar.entity).colour].hex);
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
    setDusk: (amount) => dusk?.setAttribute('opacity', (0.35 * amount).toFixed(2)),
    refresh: () => {
      self?.setAttribute('fill', options.settings().avatarColour);
      drawLabels(); // the text size may have changed
    },
    dispose: () => {
      observer.disconnect();
      element.remove();
    },
  };
}
