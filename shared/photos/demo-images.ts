import { encode } from 'jpeg-js';

/*
 * Small, real JPEG photos for the demo district and the tests, drawn here rather than
 * downloaded: a sky gradient, a school building with windows, a tree, the sun, and a label band
 * along the bottom in a blocky 3×5 pixel font. The same options always give the same bytes
 * (no randomness, a fixed encoder and quality), so tests can compare SHA-256s, and a different
 * `label` or `scene` gives different bytes.
 */

/** What a demo photo shows. */
export interface DemoImageOptions {
  /** Printed in the label band: A–Z, 0–9, space, `-`, `:`, `.`, `/` (others print as space). */
  label: string;
  /** Picks the palette (sky, building, band); any integer. @default 0 */
  scene?: number;
  /** @default 320 */
  width?: number;
  /** @default 240 */
  height?: number;
  /** JPEG quality 1–100. @default 80 */
  quality?: number;
}

type Rgb = readonly [number, number, number];

/** Palettes: sky top, sky bottom, building, roof, band. */
const PALETTES: readonly { skyTop: Rgb; skyBottom: Rgb; building: Rgb; roof: Rgb; band: Rgb }[] = [
  {
    skyTop: [70, 130, 200],
    skyBottom: [180, 215, 240],
    building: [225, 205, 170],
    roof: [170, 60, 50],
    band: [30, 60, 110],
  },
  {
    skyTop: [240, 150, 80],
    skyBottom: [250, 220, 170],
    building: [200, 200, 205],
    roof: [60, 90, 140],
    band: [110, 40, 30],
  },
  {
    skyTop: [90, 160, 120],
    skyBottom: [200, 235, 210],
    building: [240, 230, 215],
    roof: [120, 70, 40],
    band: [20, 80, 50],
  },
  {
    skyTop: [120, 110, 180],
    skyBottom: [215, 210, 240],
    building: [230, 215, 200],
    roof: [90, 50, 110],
    band: [50, 40, 90],
  },
];

/** A 3×5 font: each glyph is five rows of three bits, top row first. */
const GLYPHS: Record<string, readonly number[]> = {
  A: [0b010, 0b101, 0b111, 0b101, 0b101],
  B: [0b110, 0b101, 0b110, 0b101, 0b110],
  C: [0b011, 0b100, 0b100, 0b100, 0b011],
  D: [0b110, 0b101, 0b101, 0b101, 0b110],
  E: [0b111, 0b100, 0b110, 0b100, 0b111],
  F: [0b111, 0b100, 0b110, 0b100, 0b100],
  G: [0b011, 0b100, 0b101, 0b101, 0b011],
  H: [0b101, 0b101, 0b111, 0b101, 0b101],
  I: [0b111, 0b010, 0b010, 0b010, 0b111],
  J: [0b001, 0b001, 0b001, 0b101, 0b010],
  K: [0b101, 0b101, 0b110, 0b101, 0b101],
  L: [0b100, 0b100, 0b100, 0b100, 0b111],
  M: [0b101, 0b111, 0b111, 0b101, 0b101],
  N: [0b110, 0b101, 0b101, 0b101, 0b101],
  O: [0b010, 0b101, 0b101, 0b101, 0b010],
  P: [0b110, 0b101, 0b110, 0b100, 0b100],
  Q: [0b010, 0b101, 0b101, 0b110, 0b011],
  R: [0b110, 0b101, 0b110, 0b101, 0b101],
  S: [0b011, 0b100, 0b010, 0b001, 0b110],
  T: [0b111, 0b010, 0b010, 0b010, 0b010],
  U: [0b101, 0b101, 0b101, 0b101, 0b111],
  V: [0b101, 0b101, 0b101, 0b101, 0b010],
  W: [0b101, 0b101, 0b111, 0b111, 0b101],
  X: [0b101, 0b101, 0b010, 0b101, 0b101],
  Y: [0b101, 0b101, 0b010, 0b010, 0b010],
  Z: [0b111, 0b001, 0b010, 0b100, 0b111],
  '0': [0b111, 0b101, 0b101, 0b101, 0b111],
  '1': [0b010, 0b110, 0b010, 0b010, 0b111],
  '2': [0b110, 0b001, 0b010, 0b100, 0b111],
  '3': [0b110, 0b001, 0b010, 0b001, 0b110],
  '4': [0b101, 0b101, 0b111, 0b001, 0b001],
  '5': [0b111, 0b100, 0b110, 0b001, 0b110],
  '6': [0b011, 0b100, 0b111, 0b101, 0b111],
  '7': [0b111, 0b001, 0b010, 0b010, 0b010],
  '8': [0b111, 0b101, 0b111, 0b101, 0b111],
  '9': [0b111, 0b101, 0b111, 0b001, 0b110],
  '-': [0b000, 0b000, 0b111, 0b000, 0b000],
  ':': [0b000, 0b010, 0b000, 0b010, 0b000],
  '.': [0b000, 0b000, 0b000, 0b000, 0b010],
  '/': [0b001, 0b001, 0b010, 0b100, 0b100],
};

const mix = (a: Rgb, b: Rgb, t: number): Rgb =>
  [0, 1, 2].map((i) => Math.round(a[i]! + (b[i]! - a[i]!) * t)) as unknown as Rgb;

/** An RGBA canvas with the few drawing operations a demo photo needs. */
class Canvas {
  readonly data: Buffer;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.data = Buffer.alloc(width * height * 4, 255);
  }

  set(x: number, y: number, [r, g, b]: Rgb): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const at = (Math.floor(y) * this.width + Math.floor(x)) * 4;
    this.data[at] = r;
    this.data[at + 1] = g;
    this.data[at + 2] = b;
  }

  rect(x: number, y: number, w: number, h: number, colour: Rgb): void {
    for (let j = Math.max(0, Math.floor(y)); j < Math.min(this.height, Math.ceil(y + h)); j += 1) {
      for (let i = Math.max(0, Math.floor(x)); i < Math.min(this.width, Math.ceil(x + w)); i += 1)
        this.set(i, j, colour);
    }
  }

  disc(cx: number, cy: number, radius: number, colour: Rgb): void {
    for (let j = Math.floor(cy - radius); j <= cy + radius; j += 1) {
      for (let i = Math.floor(cx - radius); i <= cx + radius; i += 1)
        if ((i - cx) ** 2 + (j - cy) ** 2 <= radius ** 2) this.set(i, j, colour);
    }
  }

  triangle(x: number, baseY: number, w: number, h: number, colour: Rgb): void {
    for (let row = 0; row < h; row += 1) {
      const half = ((row + 1) / h) * (w / 2);
      this.rect(x + w / 2 - half, baseY - h + row, half * 2, 1, colour);
    }
  }

  text(x: number, y: number, text: string, scale: number, colour: Rgb): void {
    let cursor = x;
    for (const char of text.toUpperCase()) {
      const glyph = GLYPHS[char];
      if (glyph) {
        glyph.forEach((row, r) => {
          for (let c = 0; c < 3; c += 1)
            if (row & (0b100 >> c)) this.rect(cursor + c * scale, y + r * scale, scale, scale, colour);
        });
      }
      cursor += 4 * scale;
    }
  }
}

/** A demo photo as JPEG bytes (a real baseline JPEG every decoder opens). */
export function demoJpeg(options: DemoImageOptions): Buffer {
  const width = options.width ?? 320;
  const height = options.height ?? 240;
  const scene = Math.abs(Math.trunc(options.scene ?? 0));
  const palette = PALETTES[scene % PALETTES.length]!;
  const canvas = new Canvas(width, height);
  const band = Math.max(16, Math.round(height / 8));
  const horizon = Math.round((height - band) * 0.72);

  // Sky: a vertical gradient; ground: grass with a slight gradient of its own.
  for (let y = 0; y < horizon; y += 1) canvas.rect(0, y, width, 1, mix(palette.skyTop, palette.skyBottom, y / horizon));
  for (let y = horizon; y < height - band; y += 1)
    canvas.rect(0, y, width, 1, mix([95, 150, 70], [60, 110, 45], (y - horizon) / (height - band - horizon)));
  // The sun, its place moved by the scene so two scenes never look alike.
  canvas.disc(width * (0.15 + 0.1 * (scene % 4)), height * 0.16, height * 0.07, [255, 220, 90]);
  // The school building with a roof, a door and two rows of windows.
  const bx = Math.round(width * 0.38);
  const bw = Math.round(width * 0.46);
  const bh = Math.round(horizon * 0.5);
  canvas.rect(bx, horizon - bh, bw, bh, palette.building);
  canvas.triangle(bx - 6, horizon - bh, bw + 12, Math.round(bh * 0.35), palette.roof);
  const columns = 5;
  for (let row = 0; row < 2; row += 1) {
    for (let column = 0; column < columns; column += 1) {
      const wx = bx + ((column + 0.5) * bw) / columns - 5;
      const wy = horizon - bh + 10 + row * Math.round(bh * 0.4);
      canvas.rect(
        wx,
        wy,
        10,
        Math.round(bh * 0.22),
        (row + column + scene) % 3 === 0 ? [250, 240, 160] : [110, 150, 190],
      );
    }
  }
  canvas.rect(bx + bw / 2 - 8, horizon - Math.round(bh * 0.3), 16, Math.round(bh * 0.3), [110, 70, 40]);
  // A tree on the left.
  canvas.rect(width * 0.16, horizon - height * 0.16, 8, height * 0.16, [100, 70, 40]);
  canvas.disc(width * 0.16 + 4, horizon - height * 0.2, height * 0.1, [50, 120, 55]);
  // The label band.
  canvas.rect(0, height - band, width, band, palette.band);
  const scale = Math.max(1, Math.floor((band - 6) / 5));
  canvas.text(6, height - band + Math.floor((band - 5 * scale) / 2), options.label, scale, [255, 255, 255]);

  return encode({ data: canvas.data, width, height }, options.quality ?? 80).data;
}
