/**
 * Tray icons drawn in code, one per engine state: a coloured disc with a white mark, so the
 * state reads at a glance without shipping image files. Drawn at 16 px and 32 px (@2x).
 */
import { nativeImage, type NativeImage } from 'electron';
import type { EngineState } from '../shared/app-api.ts';

type Rgb = readonly [number, number, number];
/** Unit coordinates: (0, 0) is the centre, ±1 the edges. */
type Mark = (x: number, y: number) => boolean;

const WHITE: Rgb = [255, 255, 255];
const DISC = 0.94;

const bar = (x0: number, x1: number, y0: number, y1: number): Mark => (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
const diagonal = (slope: 1 | -1): Mark => (x, y) => Math.abs(y - slope * x) < 0.2 && Math.abs(x) < 0.45;

const LOOKS: Record<EngineState, { color: Rgb; mark: Mark; hollow?: boolean }> = {
  idle: { color: [46, 160, 67], mark: (x, y) => Math.hypot(x, y) < 0.28 },
  syncing: { color: [31, 111, 235], mark: (x, y) => Math.abs(Math.hypot(x, y) - 0.45) < 0.13 && !(x > 0 && y < 0) },
  paused: { color: [110, 118, 129], mark: (x, y) => bar(-0.38, -0.12, -0.45, 0.45)(x, y) || bar(0.12, 0.38, -0.45, 0.45)(x, y) },
  offline: { color: [110, 118, 129], mark: () => false, hollow: true },
  attention: { color: [210, 153, 34], mark: (x, y) => bar(-0.12, 0.12, -0.55, 0.15)(x, y) || Math.hypot(x, y - 0.42) < 0.14 },
  error: { color: [207, 34, 46], mark: (x, y) => diagonal(1)(x, y) || diagonal(-1)(x, y) },
};

const SAMPLES = 4;

/** Raw BGRA pixels (premultiplied alpha, as Skia expects) of one state's icon at `size` × `size`. */
export function iconPixels(state: EngineState, size: number): Buffer {
  const { color, mark, hollow } = LOOKS[state];
  const pixels = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let [r, g, b, a] = [0, 0, 0, 0];
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const x = ((px + (sx + 0.5) / SAMPLES) / size) * 2 - 1;
          const y = ((py + (sy + 0.5) / SAMPLES) / size) * 2 - 1;
          const radius = Math.hypot(x, y);
          if (radius > DISC || (hollow && radius < DISC - 0.3)) continue;
          const [cr, cg, cb] = mark(x, y) ? WHITE : color;
          [r, g, b, a] = [r + cr, g + cg, b + cb, a + 255];
        }
      }
      // Summing opaque samples and dividing by the sample count gives premultiplied colour directly.
      const n = SAMPLES * SAMPLES;
      pixels.set([Math.round(b / n), Math.round(g / n), Math.round(r / n), Math.round(a / n)], (py * size + px) * 4);
    }
  }
  return pixels;
}

const cache = new Map<EngineState, NativeImage>();

export function trayIcon(state: EngineState): NativeImage {
  let image = cache.get(state);
  if (!image) {
    image = nativeImage.createFromBitmap(iconPixels(state, 16), { width: 16, height: 16, scaleFactor: 1 });
    image.addRepresentation({ buffer: iconPixels(state, 32), width: 32, height: 32, scaleFactor: 2 });
    cache.set(state, image);
  }
  return image;
}
