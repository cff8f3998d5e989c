// The 3D view (three.js): the space, the own avatar seen from behind, remote
// avatars drawn ~100 ms in the past, mouse/touch look, click-to-walk, a touch
// joystick on phones, and WebXR. Loaded on demand by ui/app.ts.

import * as THREE from 'three';
import { kindLabel } from '../net/realtime';
import type { Space } from '../spaces/space';
import { colourFor, h } from '../ui/dom';
import type { RenderStats, VideoPanelState, ViewOptions, WorldView } from '../ui/views';
import { createXrControl, describeXr, trackedPoses } from '../xr/xr';
import { createAvatar, type AvatarMesh } from './avatars';
import { readout } from '../net/body';
import type { SimState } from '../net/messages';
import type { BodyModel } from './body-model';
import { buildSpace, type SpaceMesh } from './space-mesh';
import { cameraBackM, kThirdPersonCamera } from '../spaces/signs';
import { createVideoPanel, type VideoPanel } from './video-panel';
import { chooseGraphics, deviceHints, rememberSlowFrames } from '../ui/graphics';
import { createLighting } from './lighting';


const kLighterTagRangeM = 12;

export function createWorldView(options: ViewOptions): WorldView {
  const settings = options.settings;
  let graphics = chooseGraphics(settings().graphics, deviceHints());
  options.onGraphics?.(graphics);
  // Antialiasing multiplies the pixels drawn: the lighter look goes without.
  const fewerPixels = settings().lowData || graphics.lighter;
  const renderer = new THREE.WebGLRenderer({ antialias: !fewerPixels, powerPreference: 'default' });
  renderer.setPixelRatio(Math.min(window.devicePixelRatio, fewerPixels ? 1 : 2));
  renderer.outputColorSpace = THREE.SRGBColorSpace;
  const canvas = renderer.domElement;
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', '3D view of the hospital. The People here panel lists everyone you can see.');
  const scene = new THREE.Scene();
  let highContrast = settings().highContrast;
  const lighting = createLighting(renderer, scene, { lighter: graphics.lighter, highContrast });
  const camera = new THREE.PerspectiveCamera(65, 1, 0.05, 300);
  const rig = new THREE.Group(); // XR: the headset's floor origin follows the own avatar
  rig.add(camera);
  scene.add(rig);

  const element = h('div', {
    class: 'world-focus',
    tabindex: 0,
    'aria-label': '3D view of the hospital',
  });
  element.append(canvas);
  element.dataset.graphics = graphics.lighter ? 'lighter' : 'full';
  const xrState = h('p', { class: 'xr-state', id: 'xr-state', role: 'status' });

  let spaceMesh: SpaceMesh | undefined;
  let space: Space | undefined;
  const self = createAvatar(options.selfName, options.selfBadge, settings().avatarColour, settings().avatarShape);
  self.tag.visible = false; // your own name is in the People panel
  lighting.adopt(self.root);
  scene.add(self.root);
  const remotes = new Map<number, AvatarMesh>();
  let pitch: number = kThirdPersonCamera.pitchRad;

  // ---- the body explorer's model (lazily loaded: only spaces with a simulation) ----
  let body: BodyModel | undefined;
  let bodyToken = 0;
  let bodySim: SimState | null | undefined;
  function clearBody(): void {
    ++bodyToken;
    if (body) {
      scene.remove(body.group);
      body.dispose();
      body = undefined;
    }
    bodySim = undefined;
    delete element.dataset.bodyModel;
  }
  function loadBody(next: Space): void {
    const token = bodyToken;
    const zone = next.zones.find((z) => z.kind === 'exhibit') ?? next.zones[0];
    const box = zone ? zone.box : next.bounds;
    import('./body-model')
      .then((module) => {
        if (token !== bodyToken || space !== next) return;
        body = module.createBodyModel(box);
        lighting.adopt(body.group);
        scene.add(body.group);
        element.dataset.bodyModel = 'ready';
      })
      .catch(() => options.onNotice('The 3D body model could not be loaded; the side panel still shows everything.'));
  }

  /**
   * Facing the body from outside it, the camera steps back (behind the
   * avatar, away from the body) until the whole body and its labels fit,
   * and aims at its middle; walking in, or turning away, gives the usual
   * third-person view back. Changes `wanted` and `look` in place.
   */
  function frameBody(
    frame: BodyModel['frame'],
    position: { x: number; z: number },
    forward: THREE.Vector3,
    wanted: THREE.Vector3,
    look: THREE.Vector3,
  ): void {
    const toBody = new THREE.Vector3(frame.centre.x - position.x, 0, frame.centre.z - position.z);
    const away = toBody.length();
    if (away < 1e-3) return;
    toBody.divideScalar(away);
    const outside = THREE.MathUtils.clamp((away - frame.halfWidth - 1) / 3, 0, 1);
    const facing = THREE.MathUtils.clamp((forward.dot(toBody) - 0.3) / 0.4, 0, 1);
    const blend = outside * facing;
    if (blend <= 0) return;
    const tanHalf = Math.tan(THREE.MathUtils.degToRad(camera.fov / 2));
    // The labels stand in columns beside the body: frame their whole width.
    const halfWidth = frame.halfWidth + 6;
    const needed = Math.max(((frame.height / 2) * 1.08) / tanHalf, (halfWidth * 1.05) / (tanHalf * Math.max(0.3, camera.aspect)));
    const distance = Math.max(needed, away + kThirdPersonCamera.distanceM);
    const framed = frame.centre.clone().addScaledVector(toBody, -distance).setY(frame.centre.y * 0.45);
    wanted.lerp(framed, blend);
    look.lerp(frame.centre, blend);
  }

  // ---- the other person's video on a panel in the consult room ----
  let remoteVideo: MediaStream | undefined;
  let videoPanel: VideoPanel | undefined;
  function clearVideoPanel(): void {
    if (!videoPanel) return;
    scene.remove(videoPanel.group);
    videoPanel.dispose();
    videoPanel = undefined;
  }
  function placeVideoPanel(): void {
    clearVideoPanel();
    if (!remoteVideo || !space) return;
    videoPanel = createVideoPanel(remoteVideo, space, options.client.prediction.position);
    if (videoPanel) {
      lighting.adopt(videoPanel.group);
      scene.add(videoPanel.group);
    }
  }

  // ---- XR ----
  const xr = createXrControl({
    renderer,
    rig,
    floor: () => (spaceMesh ? spaceMesh.group.children.filter((child) => child.name === 'floor') : []),
    onTeleport: (point) => options.onFloorPick(point),
    onSnapTurn: (radians) => {
      options.client.yaw += radians;
    },
    snapTurnRadians: () => (settings().snapTurnDeg * Math.PI) / 180,
    onState: (state) => {
      xrState.textContent = describeXr(state);
      element.dataset.xr = state;
      element.dispatchEvent(new Event('xr-session'));
    },
  });
  element.append(xr.button, xrState);

  // ---- touch joystick (phones) ----
  const coarse = typeof matchMedia === 'function' && matchMedia('(pointer: coarse)').matches;
  if (coarse) {
    const knob = h('div', { class: 'knob' });
    const pad = h('div', { class: 'joystick', 'aria-hidden': 'true' }, knob);
    let active: number | undefined;
    const move = (event: PointerEvent) => {
      const rect = pad.getBoundingClientRect();
      const x = Math.max(-1, Math.min(1, ((event.clientX - rect.left) / rect.width) * 2 - 1));
      const y = Math.max(-1, Math.min(1, ((event.clientY - rect.top) / rect.height) * 2 - 1));
      options.locomotion.joystick = { x, y: -y };
      knob.style.transform = `translate(${x * 2}em, ${y * 2}em)`;
    };
    pad.addEventListener('pointerdown', (event) => {
      active = event.pointerId;
      pad.setPointerCapture(event.pointerId);
      move(event);
    });
    pad.addEventListener('pointermove', (event) => event.pointerId === active && move(event));
    const end = () => {
      active = undefined;
      options.locomotion.joystick = { x: 0, y: 0 };
      knob.style.transform = '';
    };
    pad.addEventListener('pointerup', end);
    pad.addEventListener('pointercancel', end);
    element.append(pad);
  }

  // ---- look and click-to-walk ----
  let drag: { x: number; y: number; moved: number } | undefined;
  const raycaster = new THREE.Raycaster();
  canvas.addEventListener('pointerdown', (event) => {
    drag = { x: event.clientX, y: event.clientY, moved: 0 };
    canvas.setPointerCapture(event.pointerId);
    element.focus();
  });
  canvas.addEventListener('pointermove', (event) => {
    if (!drag) return;
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    drag = { x: event.clientX, y: event.clientY, moved: drag.moved + Math.abs(dx) + Math.abs(dy) };
    options.client.yaw -= dx * 0.005;
    pitch = Math.max(-1.2, Math.min(0.4, pitch - dy * 0.004));
  });
  canvas.addEventListener('pointerup', (event) => {
    const wasClick = drag !== undefined && drag.moved < 6;
    drag = undefined;
    if (!wasClick || !spaceMesh) return;
    const rect = canvas.getBoundingClientRect();
    const ndc = new THREE.Vector2(((event.clientX - rect.left) / rect.width) * 2 - 1, -((event.clientY - rect.top) / rect.height) * 2 + 1);
    raycaster.setFromCamera(ndc, camera);
    const floors = spaceMesh.group.children.filter((child) => child.name === 'floor');
    const hit = raycaster.intersectObjects(floors, false)[0];
    if (hit) options.onFloorPick({ x: hit.point.x, z: hit.point.z });
  });

  // ---- sizing ----
  const resize = () => {
    const width = element.clientWidth || 640;
    const height = element.clientHeight || 480;
    renderer.setSize(width, height, false);
    camera.aspect = width / height;
    camera.updateProjectionMatrix();
  };
  const observer = new ResizeObserver(resize);
  observer.observe(element);

  function setSpace(next: Space): void {
    if (spaceMesh) {
      scene.remove(spaceMesh.group);
      spaceMesh.dispose();
    }
    for (const avatar of remotes.values()) {
      scene.remove(avatar.root);
      avatar.dispose();
    }
    remotes.clear();
    clearBody();
    space = next;
    placeVideoPanel();
    spaceMesh = buildSpace(next);
    if (next.simulation === 'glucose') loadBody(next);
    lighting.setSpace(next);
    lighting.adopt(spaceMesh.group);
    scene.add(spaceMesh.group);
    resize();
  }

  // Slow devices (or software WebGL) get fewer pixels rather than fewer frames.
  let pixelRatio = renderer.getPixelRatio();
  let slowSince = 0;
  let lastFrameAt = 0;
  function adaptResolution(now: number): void {
    if (options.adaptiveResolution === false) return;
    const interval = lastFrameAt ? now - lastFrameAt : 0;
    lastFrameAt = now;
    if (interval > 45 && pixelRatio > 0.5) {
      if (!slowSince) slowSince = now;
      if (now - slowSince > 1500) {
        pixelRatio = Math.max(0.5, pixelRatio * 0.75);
        renderer.setPixelRatio(pixelRatio);
        resize();
        slowSince = 0;
        if (pixelRatio <= 0.75) goLighterIfAutomatic();
      }
    } else if (interval > 0 && interval < 30) {
      slowSince = 0;
    }
    element.dataset.pixelRatio = pixelRatio.toFixed(2);
  }

  /** Slow even with fewer pixels: automatic graphics turn lighter, now and on later visits. */
  function goLighterIfAutomatic(): void {
    if (graphics.lighter || settings().graphics !== 'auto') return;
    rememberSlowFrames();
    graphics = chooseGraphics('auto', deviceHints());
    lighting.setOptions({ lighter: graphics.lighter, highContrast });
    element.dataset.graphics = graphics.lighter ? 'lighter' : 'full';
    options.onGraphics?.(graphics);
    // (Far name tags hide from the next frame on.)
  }

  let renderedFrames = 0;
  function frame(now: number, dt: number): void {
    if (!space) return;
    adaptResolution(now);
    const client = options.client;
    const floorY = space.bounds.min.y;
    const position = client.prediction.position;
    self.root.position.set(position.x, floorY, position.z);
    self.root.rotation.y = client.yaw;

    // Remote avatars at the interpolated past
    const renderTime = client.clock.renderTime(now);
    const seen = new Set<number>();
    for (const avatar of client.avatars.values()) {
      const pose = avatar.buffer.sample(renderTime);
      if (!pose) continue;
      seen.add(avatar.entity);
      let mesh = remotes.get(avatar.entity);
      if (!mesh) {
        const badge = kindLabel(avatar.kind);
        mesh = createAvatar(avatar.name, badge.charAt(0).toUpperCase() + badge.slice(1), colourFor(avatar.entity), 'round');
        mesh.root.name = `avatar:${avatar.entity}`;
        lighting.adopt(mesh.root);
        remotes.set(avatar.entity, mesh);
        scene.add(mesh.root);
      }
      mesh.root.position.set(pose.body.x, pose.body.y, pose.body.z);
      mesh.root.rotation.y = pose.yaw;
      // Lighter graphics draw far name tags not at all (a draw call each);
      // the People panel still names everyone.
      if (graphics.lighter) mesh.tag.visible = Math.hypot(pose.body.x - position.x, pose.body.z - position.z) < kLighterTagRangeM;
      // Head and hands are sent in space coordinates; place them in the body's frame.
      const local = (p: { x: number; y: number; z: number }) => mesh!.root.worldToLocal(new THREE.Vector3(p.x, p.y, p.z));
      mesh.root.updateMatrixWorld();
      mesh.head.position.copy(local(pose.head));
      mesh.head.quaternion
        .set(pose.headRotation.x, pose.headRotation.y, pose.headRotation.z, pose.headRotation.w)
        .premultiply(mesh.root.quaternion.clone().invert());
      if (pose.hands) {
        mesh.leftHand.position.copy(local(pose.hands.left));
        mesh.rightHand.position.copy(local(pose.hands.right));
      } else {
        mesh.leftHand.position.set(0.32, 0.9, 0.05);
        mesh.rightHand.position.set(-0.32, 0.9, 0.05);
      }
    }
    for (const [entity, mesh] of remotes) {
      if (seen.has(entity)) continue;
      scene.remove(mesh.root);
      mesh.dispose();
      remotes.delete(entity);
    }

    if (body) {
      const sim = options.sim?.() ?? null;
      if (sim !== bodySim) {
        bodySim = sim;
        const reading = sim ? readout(sim) : null;
        body.update(reading, settings().glucoseUnit);
        element.dataset.bodyLabels = JSON.stringify(body.labels());
      }
      body.animate(dt, settings().reducedMotion);
    }

    if (xr.session()) {
      // In VR the headset is the camera; the rig stands where the avatar is.
      rig.position.set(position.x, floorY, position.z);
      rig.rotation.y = client.yaw + Math.PI; // the headset looks down its -z
      self.root.visible = false;
      xr.update();
      xr.vignette(options.locomotion.walking, settings().comfortVignette);
      const tracked = trackedPoses(renderer);
      client.setTrackedPoses(tracked?.head, tracked?.hands);
    } else {
      self.root.visible = true;
      rig.position.set(0, 0, 0);
      rig.rotation.set(0, 0, 0);
      client.setTrackedPoses(undefined);
      // Third person: behind and above the avatar, looking where it faces.
      // Pulled in so that it stays inside the space and never behind a wall.
      const forward = new THREE.Vector3(Math.sin(client.yaw), 0, Math.cos(client.yaw));
      const full = kThirdPersonCamera.distanceM * Math.cos(pitch);
      const distance = Math.min(full, cameraBackM(space, position, { x: forward.x, z: forward.z }));
      const scale = full > 0 ? distance / full : 1;
      const target = new THREE.Vector3(position.x, floorY + 1.5, position.z);
      const wanted = target.clone().addScaledVector(forward, -distance).setY(floorY + 1.5 - kThirdPersonCamera.distanceM * Math.sin(pitch) * scale);
      const look = target.clone().addScaledVector(forward, 1.5);
      if (body) frameBody(body.frame, position, forward, wanted, look);
      if (settings().reducedMotion || renderedFrames === 0) camera.position.copy(wanted);
      else camera.position.lerp(wanted, Math.min(1, dt * 10));
      camera.lookAt(look);
    }
    renderer.render(scene, camera);
    renderedFrames++;
    if (element.dataset.lighting !== 'ready') element.dataset.lighting = lighting.pending() ? 'pending' : 'ready';
    element.dataset.frames = String(renderedFrames);
    element.dataset.remotes = String(remotes.size);
  }

  // In VR, three drives frames through the session's own loop.
  let lastXr = 0;
  element.addEventListener('xr-session', () => {
    renderer.setAnimationLoop(xr.session() ? (time: number) => {
      const dt = Math.min(0.1, lastXr ? (time - lastXr) / 1000 : 0);
      lastXr = time;
      options.step(time, dt);
      frame(performance.now(), dt);
    } : null);
  });
  return {
    element,
    kind: '3d',
    setSpace,
    frame: (now, dt) => {
      // In VR, three drives frames through its own loop.
      if (!xr.session()) frame(now, dt);
    },
    setRemoteVideo(stream) {
      if (stream === remoteVideo) return;
      remoteVideo = stream;
      placeVideoPanel();
    },
    renderStats(): RenderStats {
      const info = renderer.info.render;
      return { drawCalls: info.calls, triangles: info.triangles, pixelRatio: renderer.getPixelRatio() };
    },
    videoPanel(): VideoPanelState {
      return videoPanel ? videoPanel.state() : { present: false, playing: false, width: 0, height: 0 };
    },
    refresh() {
      self.setColour(settings().avatarColour);
      self.setShape(settings().avatarShape);
      if (settings().highContrast !== highContrast) {
        highContrast = settings().highContrast;
        lighting.setOptions({ lighter: graphics.lighter, highContrast });
      }
    },
    dispose() {
      observer.disconnect();
      clearBody();
      clearVideoPanel();
      spaceMesh?.dispose();
      self.dispose();
      for (const avatar of remotes.values()) avatar.dispose();
      lighting.dispose();
      renderer.dispose();
      element.remove();
    },
  };
}
