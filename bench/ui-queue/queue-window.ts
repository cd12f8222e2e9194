import type { BrowserContext } from 'playwright-core';
import type { ProbedWindow, ScrollPlan, ScrollRun } from './page-probes.ts';

/** A page of the app's window opened on the queue, driven through the probes installed in it. */
export interface QueueWindow {
  firstRows(): Promise<number>;
  switchToQueue(): Promise<number>;
  idleFrames(count: number): Promise<number[]>;
  scroll(plan: ScrollPlan): Promise<ScrollRun>;
  /** Closes the page; an error the page threw meanwhile fails the benchmark here. */
  close(): Promise<void>;
}

/** Opens the window at `url` on the queue, in a context whose init scripts install the probes. */
export async function openQueueWindow(context: BrowserContext, url: string): Promise<QueueWindow> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${url}&view=queue`);
  // Chromium throttles the animation frames of a page in the background: each measurement brings its page to the front.
  const inFront = async <T>(measure: () => Promise<T>): Promise<T> => {
    await page.bringToFront();
    return measure();
  };
  return {
    firstRows: () => inFront(() => page.evaluate(() => (globalThis as unknown as ProbedWindow).queueProbes.firstRows)),
    switchToQueue: () => inFront(() => page.evaluate(() => (globalThis as unknown as ProbedWindow).queueProbes.switchToQueue())),
    idleFrames: (count) => inFront(() => page.evaluate((frames) => (globalThis as unknown as ProbedWindow).queueProbes.idleFrames(frames), count)),
    scroll: (plan) => inFront(() => page.evaluate((scroll) => (globalThis as unknown as ProbedWindow).queueProbes.scroll(scroll), plan)),
    async close() {
      await page.close();
      if (errors.length > 0) throw new Error(`the window failed: ${errors.join('; ')}`);
    },
  };
}
