// The 17 MoveNet keypoints in their order (docs/motion.md "Trace CSV"),
// apart from the motion core so that pages without it (the therapist's)
// can draw keypoints without loading the WebAssembly glue.

export const KEYPOINT_NAMES = [
  'nose', 'leftEye', 'rightEye', 'leftEar', 'rightEar', 'leftShoulder',
  'rightShoulder', 'leftElbow', 'rightElbow', 'leftWrist', 'rightWrist',
  'leftHip', 'rightHip', 'leftKnee', 'rightKnee', 'leftAnkle', 'rightAnkle',
] as const;
export const KEYPOINT_COUNT = KEYPOINT_NAMES.length;
