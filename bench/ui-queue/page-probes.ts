/**
 * Measurements taken inside the page. `installQueueProbes` runs as an init script, before the
 * app's own scripts, so the first frame with rows cannot be missed; it is serialized into the
 * page, so it uses nothing from outside its own body. Bench code is type-checked for Node,
 * without the DOM library: the few browser APIs it uses are described here.
 */

export interface ScrollRun {
  /** Time between consecutive animation frames while scrolling, ms. */
  frameMs: number[];
  /** Frames in which a row in view was a placeholder or not rendered yet. */
  placeholderFrames: number;
}

export interface ScrollPlan {
  /** The list is scrolled to this row (and its rows loaded) before frames are counted. */
  startRow: number;
  rowsPerFrame: number;
  frames: number;
}

export interface QueueProbes {
  /** From navigation start to the end of the first frame that shows file rows, ms. */
  firstRows: Promise<number>;
  /** Shows another view, then the queue: from the click on its tab to the end of the first frame that shows file rows, ms. */
  switchToQueue(): Promise<number>;
  /** Time between consecutive animation frames while nothing happens, ms. */
  idleFrames(count: number): Promise<number[]>;
  /** Scrolls by a fixed step each animation frame, bouncing off the ends of a short list. */
  scroll(plan: ScrollPlan): Promise<ScrollRun>;
}

export interface ProbedWindow {
  queueProbes: QueueProbes;
}

interface PageElement {
  scrollTop: number;
  readonly scrollHeight: number;
  readonly clientHeight: number;
  readonly offsetHeight: number;
  readonly classList: { contains(name: string): boolean };
  click(): void;
  querySelector(selector: string): PageElement | null;
}

interface PageGlobals {
  document: PageElement & { getElementById(id: string): PageElement | null };
  MutationObserver: new (callback: () => void) => { observe(target: unknown, options: object): void; disconnect(): void };
  MessageChannel: new () => { port1: { onmessage: (() => void) | null }; port2: { postMessage(message: unknown): void } };
  requestAnimationFrame(callback: (time: number) => void): number;
  queueProbes: QueueProbes;
}

export function installQueueProbes(): void {
  const page = globalThis as unknown as PageGlobals;
  const FILE_ROWS = '.vlist .file-row:not(.placeholder)';

  const nextFrame = (): Promise<number> => new Promise((resolve) => page.requestAnimationFrame(resolve));
  /** Resolves once the coming frame has been produced: a task posted from its animation callbacks runs after its rendering. */
  const afterNextFrame = (): Promise<number> =>
    new Promise((resolve) =>
      page.requestAnimationFrame(() => {
        const channel = new page.MessageChannel();
        channel.port1.onmessage = () => resolve(performance.now());
        channel.port2.postMessage(null);
      }),
    );
  /** The end of the first frame whose DOM holds file rows: watched from the commit that adds them. */
  const rowsShown = (): Promise<number> =>
    new Promise((resolve) => {
      const observer = new page.MutationObserver(() => {
        if (!page.document.querySelector(FILE_ROWS)) return;
        observer.disconnect();
        void afterNextFrame().then(resolve);
      });
      observer.observe(page.document, { childList: true, subtree: true, attributes: true, attributeFilter: ['class'] });
    });

  const list = (): PageElement => {
    const element = page.document.querySelector('.vlist');
    if (!element) throw new Error('the queue shows no list');
    return element;
  };
  /** Whether every row in view is rendered with its file. */
  const rowsInViewShown = (element: PageElement, rowHeight: number): boolean => {
    const first = Math.floor(element.scrollTop / rowHeight);
    const last = Math.ceil((element.scrollTop + element.clientHeight) / rowHeight) - 1;
    for (let index = first; index <= last; index++) {
      const row = element.querySelector(`[data-index="${index}"]`);
      if (row === null && index * rowHeight < element.scrollHeight) return false;
      if (row?.classList.contains('placeholder')) return false;
    }
    return true;
  };

  page.queueProbes = {
    firstRows: rowsShown(),
    async switchToQueue() {
      page.document.getElementById('tab-folders')?.click();
      while (page.document.querySelector('.vlist')) await nextFrame();
      const shown = rowsShown();
      const clicked = performance.now();
      page.document.getElementById('tab-queue')?.click();
      return (await shown) - clicked;
    },
    async idleFrames(count) {
      const frameMs: number[] = [];
      let last = await nextFrame();
      while (frameMs.length < count) {
        const time = await nextFrame();
        frameMs.push(time - last);
        last = time;
      }
      return frameMs;
    },
    async scroll({ startRow, rowsPerFrame, frames }) {
      const element = list();
      const rowHeight = element.querySelector('[data-index]')?.offsetHeight ?? 0;
      if (rowHeight === 0) throw new Error('the list shows no rows');
      element.scrollTop = startRow * rowHeight;
      while (!rowsInViewShown(element, rowHeight)) await nextFrame();

      const frameMs: number[] = [];
      let placeholderFrames = 0;
      let direction = 1;
      let last: number | undefined;
      return new Promise((resolve) => {
        const step = (time: number): void => {
          if (last !== undefined) frameMs.push(time - last);
          last = time;
          if (!rowsInViewShown(element, rowHeight)) placeholderFrames += 1;
          if (frameMs.length >= frames) {
            resolve({ frameMs, placeholderFrames });
            return;
          }
          const end = element.scrollHeight - element.clientHeight;
          let next = element.scrollTop + direction * rowsPerFrame * rowHeight;
          if (next < 0 || next > end) {
            direction = -direction;
            next = Math.max(0, Math.min(end, element.scrollTop + direction * rowsPerFrame * rowHeight));
          }
          element.scrollTop = next;
          page.requestAnimationFrame(step);
        };
        page.requestAnimationFrame(step);
      });
    },
  };
}
