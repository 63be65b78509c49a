/** The longest side a photo keeps: 1,600 px (enough to read a label or a meter; ~200–400 KB as JPEG). */
export const MAX_LONG_SIDE = 1600;
/** JPEG quality of the re-encoded photo. */
export const JPEG_QUALITY = 0.8;

/** The size a photo is scaled to: its long side at most `max`, proportions kept, never enlarged. */
export function scaledSize(
  width: number,
  height: number,
  max: number = MAX_LONG_SIDE,
): { width: number; height: number } {
  const long = Math.max(width, height);
  if (long <= max) return { width, height };
  const scale = max / long;
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}
