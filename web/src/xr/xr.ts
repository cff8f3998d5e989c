// WebXR: whether immersive VR can be entered here, said in words; the "Enter
// VR" control; and, in a session, controller teleport (a quick walk to the
// pointed floor spot, so the server's speed check holds), snap turn, a
// comfort vignette while moving, and head and hand poses for others to see:
// hands follow the controllers' grip spaces (where a hand holds it), by
// handedness, and you see your own hands there. Without a headset (or in a
// headless browser) none of this runs; the button stays hidden. A grip
// (squeeze) button held is push-to-talk for proximity voice (onGrip).
// Pattern after three.js examples/jsm/webxr/VRButton.js.

import * as THREE from 'three';

export type XrState = 'checking' | 'no-webxr' | 'needs-https' | 'unsupported' | 'supported' | 'not-allowed' | 'in-session' | 'failed';

export function describeXr(state: XrState): string {
  switch (state) {
    case 'checking':
      return 'Checking for a VR headset…';
    case 'no-webxr':
      return 'VR is not supported by this browser.';
    case 'needs-https':
      return 'VR needs a secure (HTTPS) connection to this server.';
    case 'unsupported':
      return 'No VR headset is available on this device.';
    case 'supported':
      return 'A VR headset is available.';
    case 'not-allowed':
      return 'The browser did not allow VR. Check the site permissions and try again.';
    case 'in-session':
      return 'In VR: point a controller at the floor and pull the trigger to move; push the stick sideways to turn; with voice on, hold a grip button to talk.';
    case 'failed':
      return 'VR could not start on this device.';
  }
}

export async function checkXr(): Promise<XrState> {
  if (!window.isSecureContext) return 'needs-https';
  const xr = (navigator as Navigator & { xr?: XRSystem }).xr;
  if (!xr) return 'no-webxr';
  try {
    return (await xr.isSessionSupported('immersive-vr')) ? 'supported' : 'unsupported';
  } catch {
    return 'not-allowed';
  }
}

export interface XrHooks {
  renderer: THREE.WebGLRenderer;
  rig: THREE.Group; // placed at the own avatar's floor position and yaw
  floor: () => THREE.Object3D[];
  onTeleport: (point: { x: number; z: number }) => void;
  onSnapTurn: (radians: number) => void;
  /** A grip (squeeze) button held or let go: push-to-talk for proximity voice. */
  onGrip?: (held: boolean) => void;
  snapTurnRadians: () => number;
  onState: (state: XrState) => void;
}

/** Creates the button (hidden unless VR is supported) and runs sessions. */
export function createXrControl(hooks: XrHooks): { button: HTMLButtonElement; vignette: (moving: boolean, enabled: boolean) => void; update: () => void; session: () => boolean } {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'xr-button';
  button.textContent = 'Enter VR';
  button.hidden = true;
  let session: XRSession | undefined;
  const controllers: THREE.Group[] = [];
  // Your own hands, at the grips (a box-ish glove: palm forward).
  const handGeometry = new THREE.SphereGeometry(0.045, 12, 8);
  const handMaterial = new THREE.MeshLambertMaterial({ color: 0xe0ac69 });
  const raycaster = new THREE.Raycaster();
  const snapReady = [true, true];

  // A dark ring around the view while moving: less vection, less sickness.
  const vignetteMesh = new THREE.Mesh(
    new THREE.RingGeometry(0.35, 2, 32),
    new THREE.MeshBasicMaterial({ color: 0x000000, transparent: true, opacity: 0, depthTest: false }),
  );
  vignetteMesh.position.z = -0.5;
  vignetteMesh.renderOrder = 100;

  const report = (state: XrState) => {
    hooks.onState(state);
    button.hidden = !(state === 'supported' || state === 'in-session' || state === 'not-allowed');
    button.textContent = state === 'in-session' ? 'Exit VR' : 'Enter VR';
  };
  void checkXr().then(report);

  for (let index = 0; index < 2; ++index) {
    const controller = hooks.renderer.xr.getController(index);
    controller.addEventListener('select', () => {
      const origin = new THREE.Vector3().setFromMatrixPosition(controller.matrixWorld);
      const direction = new THREE.Vector3(0, 0, -1).applyQuaternion(new THREE.Quaternion().setFromRotationMatrix(controller.matrixWorld));
      raycaster.set(origin, direction);
      const hit = raycaster.intersectObjects(hooks.floor(), false)[0];
      if (hit) hooks.onTeleport({ x: hit.point.x, z: hit.point.z });
    });
    controller.addEventListener('squeezestart', () => hooks.onGrip?.(true));
    controller.addEventListener('squeezeend', () => hooks.onGrip?.(false));
    const ray = new THREE.Line(
      new THREE.BufferGeometry().setFromPoints([new THREE.Vector3(0, 0, 0), new THREE.Vector3(0, 0, -4)]),
      new THREE.LineBasicMaterial({ color: 0xffffff }),
    );
    controller.add(ray);
    hooks.rig.add(controller);
    controllers.push(controller);
    const grip = hooks.renderer.xr.getControllerGrip(index);
    const hand = new THREE.Mesh(handGeometry, handMaterial);
    hand.scale.set(1, 0.7, 1.5);
    grip.add(hand);
    grip.addEventListener('connected', (event) => {
      const source = (event as unknown as { data?: XRInputSource }).data;
      grip.userData.handedness = source?.handedness ?? 'none';
    });
    grip.addEventListener('disconnected', () => {
      grip.userData.handedness = 'none';
    });
    hooks.rig.add(grip);
  }

  button.addEventListener('click', async () => {
    if (session) {
      await session.end();
      return;
    }
    const xr = (navigator as Navigator & { xr?: XRSystem }).xr;
    if (!xr) return report('no-webxr');
    try {
      session = await xr.requestSession('immersive-vr', { optionalFeatures: ['local-floor', 'hand-tracking'] });
    } catch (error) {
      report((error as DOMException).name === 'SecurityError' || (error as DOMException).name === 'NotAllowedError' ? 'not-allowed' : 'failed');
      return;
    }
    hooks.renderer.xr.enabled = true;
    hooks.renderer.xr.setReferenceSpaceType('local-floor');
    await hooks.renderer.xr.setSession(session);
    hooks.renderer.xr.getCamera().add(vignetteMesh);
    report('in-session');
    session.addEventListener('end', () => {
      session = undefined;
      hooks.renderer.xr.enabled = false;
      vignetteMesh.removeFromParent();
      report('supported');
    });
  });

  return {
    button,
    session: () => session !== undefined,
    vignette(moving, enabled) {
      const material = vignetteMesh.material as THREE.MeshBasicMaterial;
      const target = moving && enabled ? 0.75 : 0;
      material.opacity += (target - material.opacity) * 0.2;
      vignetteMesh.visible = material.opacity > 0.02;
    },
    update() {
      if (!session) return;
      session.inputSources.forEach((source, index) => {
        const axes = source.gamepad?.axes;
        if (!axes || axes.length < 4 || index > 1) return;
        const x = axes[2];
        if (Math.abs(x) > 0.7 && snapReady[index]) {
          snapReady[index] = false;
          hooks.onSnapTurn(-Math.sign(x) * hooks.snapTurnRadians());
        } else if (Math.abs(x) < 0.3) {
          snapReady[index] = true;
        }
      });
    },
  };
}

/** World-space poses of the headset and the two controllers, or undefined outside a session. */
export function trackedPoses(renderer: THREE.WebGLRenderer) {
  if (!renderer.xr.isPresenting) return undefined;
  const camera = renderer.xr.getCamera();
  const pose = (object: THREE.Object3D) => {
    const position = new THREE.Vector3();
    const rotation = new THREE.Quaternion();
    object.getWorldPosition(position);
    object.getWorldQuaternion(rotation);
    return { position: { x: position.x, y: position.y, z: position.z }, rotation: { x: rotation.x, y: rotation.y, z: rotation.z, w: rotation.w } };
  };
  // Grip spaces by handedness; a controller that has not said which hand it is keeps its index.
  const grips = [renderer.xr.getControllerGrip(0), renderer.xr.getControllerGrip(1)];
  const left = grips.find((grip) => grip.userData.handedness === 'left') ?? grips[0];
  const right = grips.find((grip) => grip.userData.handedness === 'right') ?? (left === grips[1] ? grips[0] : grips[1]);
  return {
    head: pose(camera),
    hands: { left: pose(left), right: pose(right) },
  };
}

/**
 * A short vibration on every controller of the VR session that can vibrate
 * (WebXR gamepads' haptic actuators). Returns how many were asked to pulse:
 * 0 outside a session, or when no controller offers vibration.
 */
export function pulseControllers(renderer: THREE.WebGLRenderer, intensity: number, durationMs: number): number {
  const session = renderer.xr.getSession();
  if (!session) return 0;
  let pulsed = 0;
  for (const source of session.inputSources) {
    const actuator = (source.gamepad as (Gamepad & { hapticActuators?: { pulse?(value: number, ms: number): Promise<boolean> }[] }) | undefined)?.hapticActuators?.[0];
    if (actuator?.pulse) {
      void actuator.pulse(intensity, durationMs).catch(() => false);
      ++pulsed;
    }
  }
  return pulsed;
}
