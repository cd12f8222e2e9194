/**
 * Queue view benchmark: the window in Chromium over the headless app (app service, engine,
 * built-in server and web host) whose ledger holds 100,000 files in every state, Chinese and
 * very long names among them; the window pages them over the real WebSocket API.
 *
 * - first render: from a click on the Queue tab (coming from Folders) to the end of the first
 *   frame that shows file rows: the view mounts, asks for its first page and renders it
 *   (median of `--loads` switches after one warm-up);
 * - open: a fresh page opened on the queue, from navigation start to the end of the first frame
 *   that shows file rows; this adds the app's own start (its script, the snapshot) to the above
 *   (median of `--loads` loads after one warm-up);
 * - scrolling: from the middle of the list, `--step` rows (64 px each) per animation frame for
 *   `--frames` frames, as in a fast fling: time between frames (p50, p95, max), display refreshes
 *   without a new frame (dropped), and frames with a row in view not yet loaded (placeholder).
 *
 * Baseline in the same run: the same measurements of the same window over a ledger of
 * `--baseline` files (100), whose list bounces between its ends while scrolling. Every
 * measurement alternates between the two (scrolling in rounds), so a change in the machine's
 * load hits both alike. `ratio` is the first render over the baseline's, `scroll_p95_ratio` the
 * p95 frame time over the baseline's: what 100,000 rows cost beyond a small queue.
 *
 * Usage: npm run bench -- ui-queue [--files N] [--baseline N] [--loads N] [--frames N] [--step ROWS]
 */
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { ensureRendererBuilt } from '../../test/e2e/support/build-renderer.ts';
import { launchChromium } from '../../test/e2e/support/chromium.ts';
import { numberOptions } from '../lib/args.ts';
import { median } from '../lib/percentile.ts';
import { note, printResult } from '../lib/result.ts';
import { withTempDir } from '../lib/temp.ts';
import { frameStats } from './frame-stats.ts';
import { installQueueProbes } from './page-probes.ts';
import { type QueueApp, startQueueApp } from './queue-app.ts';
import { openQueueWindow, type QueueWindow } from './queue-window.ts';

const TARGET_FIRST_RENDER_MS = 300;
const TARGET_SCROLL_P95_MS = 20;
const IDLE_FRAMES = 120;
const SCROLL_ROUNDS = 3;
const options = numberOptions(process.argv.slice(2), { files: 100_000, baseline: 100, loads: 5, frames: 900, step: 8 });
const framesPerRound = Math.ceil(options.frames / SCROLL_ROUNDS);

interface Measured {
  app: QueueApp;
  window: QueueWindow;
  openMs: number[];
  firstRenderMs: number[];
  idleFrameMs: number[];
  scrollFrameMs: number[];
  placeholderFrames: number;
}

const round = (value: number): number => Math.round(value * 10) / 10;

function summary(measured: Measured) {
  return {
    open: median(measured.openMs),
    firstRender: median(measured.firstRenderMs),
    frames: frameStats(measured.scrollFrameMs, measured.idleFrameMs),
    placeholderFrames: measured.placeholderFrames,
  };
}

await ensureRendererBuilt();
await withTempDir('bench-ui-queue', async (dir) => {
  const large = await startQueueApp(join(dir, 'large'), options.files);
  const small = await startQueueApp(join(dir, 'small'), options.baseline);
  note(`ui-queue: large ledger ${JSON.stringify(Object.fromEntries(Object.entries(large.counts).map(([state, count]) => [state, count.files])))}`);
  const loadBefore = loadavg()[0] ?? 0;
  const browser = await launchChromium();
  const both: Measured[] = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(installQueueProbes);
    for (const app of [large, small]) {
      const window = await openQueueWindow(context, app.url);
      await window.firstRows();
      both.push({ app, window, openMs: [], firstRenderMs: [], idleFrameMs: [], scrollFrameMs: [], placeholderFrames: 0 });
    }
    for (let load = 0; load <= options.loads; load++) {
      for (const measured of both) {
        const fresh = await openQueueWindow(context, measured.app.url);
        const ms = await fresh.firstRows();
        await fresh.close();
        if (load > 0) measured.openMs.push(ms);
      }
    }
    for (let load = 0; load <= options.loads; load++) {
      for (const measured of both) {
        const ms = await measured.window.switchToQueue();
        if (load > 0) measured.firstRenderMs.push(ms);
      }
    }
    for (const measured of both) measured.idleFrameMs = await measured.window.idleFrames(IDLE_FRAMES);
    for (let scrollRound = 0; scrollRound < SCROLL_ROUNDS; scrollRound++) {
      for (const measured of both) {
        // Each round goes on where the last one ended (a short list clamps it to its end).
        const startRow = Math.floor(measured.app.files / 2) + scrollRound * framesPerRound * options.step;
        const run = await measured.window.scroll({ startRow, rowsPerFrame: options.step, frames: framesPerRound });
        measured.scrollFrameMs.push(...run.frameMs);
        measured.placeholderFrames += run.placeholderFrames;
      }
    }
    for (const measured of both) await measured.window.close();
  } finally {
    await browser.close();
    await Promise.all([large.stop(), small.stop()]);
  }

  const [result, baseline] = both.map(summary);
  if (!result || !baseline) throw new Error('the windows were not measured');
  note(`ui-queue: ${options.files} rows: first render ${round(result.firstRender)} ms (target ≤ ${TARGET_FIRST_RENDER_MS}), open ${round(result.open)} ms, scroll p95 ${round(result.frames.p95)} ms (target ≤ ${TARGET_SCROLL_P95_MS})`);
  note(`ui-queue: ${options.baseline} rows: first render ${round(baseline.firstRender)} ms, open ${round(baseline.open)} ms, scroll p95 ${round(baseline.frames.p95)} ms`);
  printResult({
    rows: options.files,
    first_render_ms: round(result.firstRender),
    open_render_ms: round(result.open),
    scroll_p50_frame_ms: round(result.frames.p50),
    scroll_p95_frame_ms: round(result.frames.p95),
    scroll_max_frame_ms: round(result.frames.max),
    scroll_dropped_frames: result.frames.dropped,
    scroll_placeholder_frames: result.placeholderFrames,
    scroll_frames: framesPerRound * SCROLL_ROUNDS,
    scroll_rows_per_frame: options.step,
    baseline: `the same window over ${options.baseline} files`,
    baseline_rows: options.baseline,
    baseline_first_render_ms: round(baseline.firstRender),
    baseline_open_render_ms: round(baseline.open),
    baseline_scroll_p50_frame_ms: round(baseline.frames.p50),
    baseline_scroll_p95_frame_ms: round(baseline.frames.p95),
    baseline_scroll_dropped_frames: baseline.frames.dropped,
    ratio: Math.round((result.firstRender / baseline.firstRender) * 100) / 100,
    scroll_p95_ratio: Math.round((result.frames.p95 / baseline.frames.p95) * 100) / 100,
    targets_met: result.firstRender <= TARGET_FIRST_RENDER_MS && result.frames.p95 <= TARGET_SCROLL_P95_MS,
    // How busy the machine was (the 1-minute load average, the higher of before and after, over its cores): frame times suffer with it.
    load_average: round(Math.max(loadBefore, loadavg()[0] ?? 0)),
    cores: availableParallelism(),
  });
});
