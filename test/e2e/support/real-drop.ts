import type { Page } from 'playwright-core';

/** DragOperation "copy", what a file manager offers when files are dragged out of it. */
const COPY = 1;

/**
 * Drops files and folders from disk onto the window through Chromium's own drag and drop (the
 * DevTools protocol's Input.dispatchDragEvent), as a file manager would: the page gets a real
 * DataTransfer whose folders can be walked with webkitGetAsEntry.
 */
export async function dropOnWindow(page: Page, paths: readonly string[]): Promise<void> {
  const viewport = page.viewportSize() ?? { width: 800, height: 600 };
  const at = { x: Math.round(viewport.width / 2), y: Math.round(viewport.height / 2) };
  const data = { items: [], files: [...paths], dragOperationsMask: COPY };
  const cdp = await page.context().newCDPSession(page);
  try {
    for (const type of ['dragEnter', 'dragOver', 'drop'] as const) await cdp.send('Input.dispatchDragEvent', { type, ...at, data });
  } finally {
    await cdp.detach();
  }
}
