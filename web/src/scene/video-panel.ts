// The other person's video as a screen in the 3D consult room: a muted
// <video> of the call's remote stream (the clinic's overlay plays the sound)
// drawn as a THREE.VideoTexture on a 1.6 m x 0.9 m plane with a dark frame,
// placed by spaces/video-panel.ts. The caller adds `group` to the scene and
// calls dispose() when the call ends or the space changes.

import * as THREE from 'three';
import type { Space, Vec2 } from '../spaces/space';
import { kVideoPanel, videoPanelPlacement } from '../spaces/video-panel';
import type { VideoPanelState } from '../ui/views';

const kFrameM = 0.06;

export interface VideoPanel {
  group: THREE.Group;
  state(): VideoPanelState;
  dispose(): void;
}

/** A panel for `stream` in `space`, for a viewer standing at `viewer`; undefined when the space has no place for it. */
export function createVideoPanel(stream: MediaStream, space: Space, viewer: Vec2): VideoPanel | undefined {
  const placement = videoPanelPlacement(space, viewer);
  if (!placement) return undefined;
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.autoplay = true;
  video.srcObject = stream;
  void video.play().catch(() => {
    // Muted video may autoplay; if the browser still refuses, the overlay's
    // "Start sound and video" button starts playback there.
  });
  const texture = new THREE.VideoTexture(video);
  texture.colorSpace = THREE.SRGBColorSpace;
  const screen = new THREE.Mesh(new THREE.PlaneGeometry(kVideoPanel.widthM, kVideoPanel.heightM), new THREE.MeshBasicMaterial({ map: texture, toneMapped: false }));
  screen.name = 'video-screen';
  const frame = new THREE.Mesh(
    new THREE.BoxGeometry(kVideoPanel.widthM + 2 * kFrameM, kVideoPanel.heightM + 2 * kFrameM, 0.04),
    new THREE.MeshLambertMaterial({ color: 0x1d2733 }),
  );
  frame.position.z = -0.025; // just behind the screen
  const group = new THREE.Group();
  group.name = 'video-panel';
  group.add(frame, screen);
  group.position.set(placement.x, placement.y, placement.z);
  group.rotation.y = placement.yaw;
  return {
    group,
    state: () => ({ present: true, playing: !video.paused && video.readyState >= 2, width: video.videoWidth, height: video.videoHeight }),
    dispose() {
      video.pause();
      video.srcObject = null;
      texture.dispose();
      screen.geometry.dispose();
      (screen.material as THREE.Material).dispose();
      frame.geometry.dispose();
      (frame.material as THREE.Material).dispose();
    },
  };
}
