// When and how large a name tag (name + role badge) is drawn above an
// avatar: readable at 5 m, fading out from 12 m and gone beyond 15 m, and
// never over a face or over whatever stands before it (the renderer tests
// depth). Pure, so the rule is unit-tested apart from three.js.

export const kTagReadableM = 5;
export const kTagFadeFromM = 12;
export const kTagHiddenBeyondM = 15;
/** Nearer than this the person fills the view and the tag would be in the way; it fades in over the next half metre. */
export const kTagHiddenNearerM = 1.5;
export const kTagFadeInM = 0.5;
/**
 * Tag height (two lines) at up to 3 m; from 3 to 5 m it grows so the text
 * keeps its size on screen (readable at 5 m), then stays that size and so
 * shrinks on screen: far tags name people without covering the room.
 */
export const kTagBaseHeightM = 0.24;
export const kTagGrowsFromM = 3;
export const kTagGrowsToM = 5;
export const kTagAspect = 4; // width / height, as the atlas slot
/** The tag's lower edge sits this far above the top of the head. */
export const kTagGapAboveHeadM = 0.12;

/** 0 (not drawn) .. 1 (fully drawn) at `distanceM` from the camera. */
export function tagOpacity(distanceM: number): number {
  if (!(distanceM >= kTagHiddenNearerM) || distanceM > kTagHiddenBeyondM) return 0;
  if (distanceM < kTagHiddenNearerM + kTagFadeInM) return (distanceM - kTagHiddenNearerM) / kTagFadeInM;
  if (distanceM <= kTagFadeFromM) return 1;
  return (kTagHiddenBeyondM - distanceM) / (kTagHiddenBeyondM - kTagFadeFromM);
}

/** World height of the tag at `distanceM`. */
export function tagHeightM(distanceM: number): number {
  return kTagBaseHeightM * Math.min(kTagGrowsToM, Math.max(kTagGrowsFromM, distanceM)) / kTagGrowsFromM;
}

/** Height on screen, in CSS pixels, of one of the tag's two text lines. */
export function tagLinePixels(distanceM: number, viewportHeightPx: number, verticalFovDeg: number): number {
  const pixelsPerMetre = viewportHeightPx / (2 * distanceM * Math.tan((verticalFovDeg * Math.PI) / 360));
  // Each line's capitals fill about a third of the tag's height.
  return (tagHeightM(distanceM) / 3) * pixelsPerMetre;
}

/** Height of the tag's centre above the head's centre (head radius included). */
export function tagLiftM(distanceM: number, headRadiusM: number): number {
  return headRadiusM + kTagGapAboveHeadM + tagHeightM(distanceM) / 2;
}
