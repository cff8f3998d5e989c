// The 3D view (three.js): the space, seen through your own eyes (or, when
// Settings ask, from behind and above your avatar), remote avatars drawn
// ~100 ms in the past as one instanced crowd, mouse/touch look,
// click-to-walk, a touch joystick on phones, and WebXR. Loaded on demand by
// ui/app.ts.

import * as THREE from 'three';
import { kindLabel } from '../net/realtime';
import type { Space } from '../spaces/space';
import { h } from '../ui/dom';
import type { RenderStats, VideoPanelState, ViewOptions, WorldView } from '../ui/views';
import { createXrControl, describeXr, pulseControllers, trackedPoses } from '../xr/xr';
import { BreathLight } from './breath-light';
import { AvatarCrowd, kSeatedDropM, type AvatarDraw } from './avatars';
import { paletteIndex, shapeIndex } from '../net/avatar-looks';
import { readout } from '../net/body';
import type { SimState } from '../net/messages';
import type { BodyModel } from './body-model';
import { buildSpace, type SpaceMesh } from './space-mesh';
import { anatomyModelPlace, kAnatomyCaptions } from './interiors';
import { cameraBackM, kThirdPersonCamera } from '../spaces/signs';
import { createVideoPanel, type VideoPanel } from './video-panel';
import { createScreenLabels } from './screen-labels';
import { chooseGraphics, deviceHints, rememberSlowFrames } from '../ui/graphics';
import { createLighting } from './lighting';
import { insideBubble } from '../spaces/personal-space';
import type { Outdoor } from './outdoor';

/** How long a notice that asks nothing of the person stays on the view. */
const kQuietNoticeMs = 10000;

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
  const crowd = new AvatarCrowd();
  scene.add(crowd.group);
  // A group room's shared breathing pacer (hidden while none runs).
  const breathLight = new BreathLight();
  scene.add(breathLight.group);
  let breathPhaseS: number | undefined;
  let remotesDrawn = 0;
  let bubbled = 0; // people inside your personal space bubble, not drawn
  let pitch: number = kThirdPersonCamera.pitchRad; // third person: the camera's elevation
  let lookPitch = -0.12; // first person: the eyes' elevation
  lighting.adopt(crowd.group);

  // ---- the body explorer's model (lazily loaded: only spaces with a simulation) ----
  let body: BodyModel | undefined;
  let bodyToken = 0;
  let bodySim: SimState | null | undefined;
  // Narrow views (a phone held upright) draw the body's labels on screen in
  // readable text; wide views and VR keep them beside the body in the scene.
  const screenLabels = createScreenLabels(element, () => [...element.querySelectorAll<HTMLElement>('.xr-state, .joystick')]);
  let labelsOnScreen = false;
  function placeBodyLabels(model: BodyModel): void {
    const narrow = !xr.session() && (element.clientWidth < 700 || camera.aspect < 1);
    if (narrow !== labelsOnScreen) {
      labelsOnScreen = narrow;
      model.showLabelsInScene(!narrow);
      element.dataset.bodyLabelsOn = narrow ? 'screen' : 'scene';
    }
    if (narrow) screenLabels.update(model.readings(), camera);
    else screenLabels.hide();
  }
  function clearBody(): void {
    ++bodyToken;
    screenLabels.hide();
    labelsOnScreen = false;
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
    // The anatomy hall's model stands on its plinth, facing the audience.
    const exhibit = anatomyModelPlace(next);
    const box = exhibit?.box ?? (zone ? zone.box : next.bounds);
    import('./body-model')
      .then((module) => {
        if (token !== bodyToken || space !== next) return;
        body = module.createBodyModel(box, exhibit ? { captions: kAnatomyCaptions } : {});
        if (exhibit) body.group.rotation.y = exhibit.yaw - Math.PI; // the model opens towards -z
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
    // Labels beside the body in the scene: frame their whole width too. On
    // screen they stand at the view's edges: leave the body the middle.
    const halfWidth = labelsOnScreen ? frame.halfWidth / 0.6 : frame.labelledHalfWidth;
    const needed = Math.max(((frame.height / 2) * 1.08) / tanHalf, (halfWidth * 1.05) / (tanHalf * Math.max(0.3, camera.aspect)));
    const distance = Math.max(needed, away + kThirdPersonCamera.distanceM);
    const framed = frame.centre.clone().addScaledVector(toBody, -distance).setY(frame.centre.y * 0.45);
    wanted.lerp(framed, blend);
    look.lerp(frame.centre, blend);
  }

  // ---- the place around an outdoor space (lazily loaded: beach and forest only) ----
  let outdoor: Outdoor | undefined;
  let outdoorToken = 0;
  let dusk = 0;
  function clearOutdoor(): void {
    ++outdoorToken;
    if (outdoor) {
      scene.remove(outdoor.group);
      outdoor.dispose();
      outdoor = undefined;
    }
    delete element.dataset.outdoor;
  }
  function loadOutdoor(next: Space): void {
    const token = ++outdoorToken;
    import('./outdoor')
      .then((module) => {
        if (token !== outdoorToken || space !== next) return;
        outdoor = module.createOutdoor(next, { highContrast: settings().highContrast, lighter: graphics.lighter });
        if (spaceMesh) outdoor.paintFloor(spaceMesh.floor as THREE.Mesh);
        outdoor.setDusk(dusk);
        lighting.adopt(outdoor.group);
        scene.add(outdoor.group);
        element.dataset.outdoor = next.setting;
      })
      .catch(() => options.onNotice('The scenery of this place could not be loaded; you can still walk, sit and talk here.'));
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
  let xrStateTimer: ReturnType<typeof setTimeout> | undefined;
  const xr = createXrControl({
    renderer,
    rig,
    floor: () => (spaceMesh ? spaceMesh.group.children.filter((child) => child.name === 'floor') : []),
    onTeleport: (point) => options.onFloorPick(point),
    onSnapTurn: (radians) => {
      options.client.yaw += radians;
    },
    snapTurnRadians: () => (settings().snapTurnDeg * Math.PI) / 180,
    onGrip: (held) => options.onTalk?.(held),
    onState: (state) => {
      xrState.textContent = describeXr(state);
      // Nothing to do about "no headset here": say it, then clear the view.
      xrState.hidden = false;
      clearTimeout(xrStateTimer);
      if (state === 'unsupported' || state === 'no-webxr') xrStateTimer = setTimeout(() => (xrState.hidden = true), kQuietNoticeMs);
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
    lookPitch = Math.max(-1.2, Math.min(1.0, lookPitch - dy * 0.004));
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
    clearBody();
    space = next;
    placeVideoPanel();
    mountSpaceMesh(next);
    if (next.simulation === 'glucose' || anatomyModelPlace(next)) loadBody(next);
    if (!next.setting) dusk = 0;
    lighting.setDusk(dusk);
    resize();
  }

  // High contrast changes the interior's colours: rebuilt when it changes.
  let meshContrast = false;
  function mountSpaceMesh(next: Space): void {
    if (spaceMesh) {
      scene.remove(spaceMesh.group);
      spaceMesh.dispose();
    }
    meshContrast = settings().highContrast;
    spaceMesh = buildSpace(next, { highContrast: meshContrast });
    lighting.setSpace(next);
    lighting.adopt(spaceMesh.group);
    scene.add(spaceMesh.group);
    clearOutdoor();
    if (next.setting) loadOutdoor(next);
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

  // ---- avatars: everyone else, and yourself when seen from behind ----
  const selfLook = () => {
    const looks = options.client.looks;
    return { colour: paletteIndex(settings().avatarColour), shape: shapeIndex(settings().avatarShape), typing: looks.typing, speaking: looks.speaking, voice: looks.voice, muted: looks.muted, seated: looks.seated };
  };
  function badgeOf(kind: Parameters<typeof kindLabel>[0]): string {
    const label = kindLabel(kind);
    return label.charAt(0).toUpperCase() + label.slice(1);
  }
  function drawAvatars(now: number, floorY: number, showSelf: boolean): void {
    const client = options.client;
    // In VR the headset's camera (both eyes) decides what is in view.
    const viewer: THREE.Camera = renderer.xr.isPresenting ? renderer.xr.getCamera() : camera;
    viewer.updateMatrixWorld();
    const eye = viewer.getWorldPosition(new THREE.Vector3());
    crowd.begin(viewer);
    remotesDrawn = 0;
    bubbled = 0;
    const renderTime = client.clock.renderTime(now);
    const looks: Record<number, string> = {};
    const bubble = settings().personalSpace;
    const silhouettes = options.silhouettes?.() ?? new Set<string>();
    for (const avatar of client.avatars.values()) {
      const pose = avatar.buffer.sample(renderTime);
      if (!pose) continue;
      if (insideBubble(client.prediction.position, pose.body, bubble)) {
        bubbled++;
        continue;
      }
      const look = client.looks.lookOf(avatar.entity);
      const draw: AvatarDraw = {
        entity: avatar.entity,
        name: avatar.name,
        badge: badgeOf(avatar.kind),
        look,
        silhouette: silhouettes.has(avatar.name),
        floor: new THREE.Vector3(pose.body.x, pose.body.y, pose.body.z),
        yaw: pose.yaw,
        head: new THREE.Vector3(pose.head.x, pose.head.y, pose.head.z),
        headRotation: new THREE.Quaternion(pose.headRotation.x, pose.headRotation.y, pose.headRotation.z, pose.headRotation.w),
        hands: pose.hands
          ? { left: new THREE.Vector3(pose.hands.left.x, pose.hands.left.y, pose.hands.left.z), right: new THREE.Vector3(pose.hands.right.x, pose.hands.right.y, pose.hands.right.z) }
          : undefined,
        // Lighter graphics draw no far name tags; the People panel still names everyone.
        showTag: !graphics.lighter || Math.hypot(pose.body.x - eye.x, pose.body.z - eye.z) < kLighterTagRangeM,
      };
      crowd.add(draw, eye);
      remotesDrawn++;
      looks[avatar.entity] = `${look.colour}/${look.shape}${look.typing ? '/typing' : ''}${look.speaking ? '/speaking' : ''}${look.seated ? '/seated' : ''}`;
    }
    if (showSelf) {
      const position = client.prediction.position;
      const yawRotation = new THREE.Quaternion().setFromAxisAngle(new THREE.Vector3(0, 1, 0), client.yaw);
      crowd.add(
        {
          entity: 0,
          name: options.selfName,
          badge: options.selfBadge,
          look: selfLook(),
          floor: new THREE.Vector3(position.x, floorY, position.z),
          yaw: client.yaw,
          head: new THREE.Vector3(position.x, floorY + 1.6, position.z),
          headRotation: yawRotation,
          showTag: false, // your own name is in the People panel
        },
        eye,
      );
    }
    crowd.end();
    // For the end-to-end tests: what each remote avatar looks like ("colour/shape[/typing][/speaking][/seated]").
    const described = JSON.stringify(looks);
    if (element.dataset.looks !== described) element.dataset.looks = described;
  }

  /**
   * First person: the eyes at head height, looking where you face. Third
   * person: behind and above the avatar, pulled in so it stays inside the
   * space and never behind a wall. Both step back to frame the body
   * explorer's model when you face it from outside.
   */
  function placeCamera(dt: number, floorY: number): void {
    if (!space) return;
    const client = options.client;
    const position = client.prediction.position;
    const forward = new THREE.Vector3(Math.sin(client.yaw), 0, Math.cos(client.yaw));
    const eyeY = floorY + 1.6 - (client.looks.seated ? kSeatedDropM : 0);
    let wanted: THREE.Vector3;
    let look: THREE.Vector3;
    if (settings().camera === 'third') {
      const full = kThirdPersonCamera.distanceM * Math.cos(pitch);
      const distance = Math.min(full, cameraBackM(space, position, { x: forward.x, z: forward.z }));
      const scale = full > 0 ? distance / full : 1;
      const target = new THREE.Vector3(position.x, floorY + 1.5, position.z);
      wanted = target.clone().addScaledVector(forward, -distance).setY(floorY + 1.5 - kThirdPersonCamera.distanceM * Math.sin(pitch) * scale);
      look = target.clone().addScaledVector(forward, 1.5);
    } else {
      wanted = new THREE.Vector3(position.x, eyeY, position.z);
      look = wanted.clone().addScaledVector(forward, Math.cos(lookPitch) * 2).setY(wanted.y + Math.sin(lookPitch) * 2);
    }
    if (body) frameBody(body.frame, position, forward, wanted, look);
    if (settings().reducedMotion || renderedFrames === 0) camera.position.copy(wanted);
    else camera.position.lerp(wanted, Math.min(1, dt * 10));
    camera.lookAt(look);
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

  /** The shared pacer as a light; in VR each in-breath starts with a short pulse on the controllers. */
  function drawBreath(floorY: number, inXr: boolean): void {
    const cue = options.breath?.();
    if (space) breathLight.place(space.bounds, floorY);
    breathLight.update(cue, settings().reducedMotion);
    element.dataset.breath = cue ? cue.fullness.toFixed(2) : '';
    if (cue && cue.phaseStartS !== breathPhaseS && cue.breathingIn && inXr) pulseControllers(renderer, 0.35, 120);
    breathPhaseS = cue?.phaseStartS;
  }

  let renderedFrames = 0;
  function frame(now: number, dt: number): void {
    if (!space) return;
    adaptResolution(now);
    const client = options.client;
    const floorY = space.bounds.min.y;
    const position = client.prediction.position;

    spaceMesh?.setQueueWords(options.queueWords?.());
    const wall = options.wallImage?.();
    // The element says what the wall screen shows (tests and assistive tools read it).
    const wallWords = spaceMesh?.setWallImage(wall) && wall ? wall.caption : '';
    if ((element.dataset.wall ?? '') !== wallWords) element.dataset.wall = wallWords;
    if (body && space.simulation) {
      const sim = options.sim?.() ?? null;
      if (sim !== bodySim) {
        bodySim = sim;
        const reading = sim ? readout(sim) : null;
        body.update(reading, settings().glucoseUnit);
        element.dataset.bodyLabels = JSON.stringify(body.labels());
      }
      body.animate(dt, settings().reducedMotion);
    }
    outdoor?.animate(dt, settings().reducedMotion);

    const inXr = xr.session();
    drawBreath(floorY, inXr);
    if (inXr) {
      // In VR the headset is the camera; the rig stands where the avatar is.
      rig.position.set(position.x, floorY, position.z);
      rig.rotation.y = client.yaw + Math.PI; // the headset looks down its -z
      xr.update();
      xr.vignette(options.locomotion.walking, settings().comfortVignette);
      const tracked = trackedPoses(renderer);
      client.setTrackedPoses(tracked?.head, tracked?.hands);
    } else {
      rig.position.set(0, 0, 0);
      rig.rotation.set(0, 0, 0);
      client.setTrackedPoses(undefined);
      placeCamera(dt, floorY);
    }
    // Your own body shows only from behind (third person); in VR your hands are the controllers' (xr.ts).
    drawAvatars(now, floorY, !inXr && settings().camera === 'third');
    renderer.render(scene, camera);
    if (body) placeBodyLabels(body);
    renderedFrames++;
    if (element.dataset.lighting !== 'ready') element.dataset.lighting = lighting.pending() ? 'pending' : 'ready';
    element.dataset.frames = String(renderedFrames);
    element.dataset.remotes = String(remotesDrawn);
    element.dataset.bubbled = String(bubbled);
    element.dataset.drawCalls = String(renderer.info.render.calls);
    element.dataset.camera = settings().camera;
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
    listener() {
      // In VR the headset is the camera (both eyes).
      const viewer: THREE.Camera = renderer.xr.isPresenting ? renderer.xr.getCamera() : camera;
      viewer.updateMatrixWorld();
      const position = viewer.getWorldPosition(new THREE.Vector3());
      const forward = viewer.getWorldDirection(new THREE.Vector3());
      return { position: { x: position.x, y: position.y, z: position.z }, forward: { x: forward.x, y: forward.y, z: forward.z } };
    },
    setDusk(amount) {
      dusk = amount;
      lighting.setDusk(amount);
      outdoor?.setDusk(amount);
    },
    renderStats(): RenderStats {
      const info = renderer.info.render;
      return { drawCalls: info.calls, triangles: info.triangles, pixelRatio: renderer.getPixelRatio() };
    },
    videoPanel(): VideoPanelState {
      return videoPanel ? videoPanel.state() : { present: false, playing: false, width: 0, height: 0 };
    },
    refresh() {
      // Looks and camera are read every frame; the interior's colours are not.
      if (space && settings().highContrast !== meshContrast) mountSpaceMesh(space);
      if (settings().highContrast !== highContrast) {
        highContrast = settings().highContrast;
        lighting.setOptions({ lighter: graphics.lighter, highContrast });
      }
    },
    dispose() {
      observer.disconnect();
      clearTimeout(xrStateTimer);
      clearBody();
      clearOutdoor();
      screenLabels.dispose();
      clearVideoPanel();
      spaceMesh?.dispose();
      crowd.dispose();
      breathLight.dispose();
      lighting.dispose();
      renderer.dispose();
      element.remove();
    },
  };
}
