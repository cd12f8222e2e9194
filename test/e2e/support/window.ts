import type { Locator, Page } from 'playwright-core';

export type ViewName = 'queue' | 'folders' | 'search' | 'activity' | 'settings';

/** Opens a view by its tab, whatever the window's language (tabs have ids `tab-<view>`). */
export async function openView(page: Page, view: ViewName): Promise<void> {
  await page.locator(`#tab-${view}`).click();
  await page.locator(`#tab-${view}[aria-selected="true"]`).waitFor();
}

/** The queue's row of the file named `name` (its last path segment). */
export function fileRow(page: Page, name: string): Locator {
  return page.getByRole('listitem').filter({ has: page.getByText(name, { exact: true }) });
}

/** Waits until the queue shows `name` with the state badge `stateLabel` ("Done", "Skipped"…). */
export async function waitForFileState(page: Page, name: string, stateLabel: string): Promise<Locator> {
  const row = fileRow(page, name);
  await row.getByText(stateLabel, { exact: true }).waitFor();
  return row;
}

/** Types a folder's path in the Folders view, as a browser cannot pick folders, and waits for its card. */
export async function addFolderByPath(page: Page, path: string): Promise<void> {
  await openView(page, 'folders');
  await page.getByLabel('Folder path').fill(path);
  await page.getByRole('button', { name: 'Add folder' }).click();
  await page.getByRole('heading', { name: path, exact: true }).waitFor();
}

/** Waits until the status bar counts `done` files done and nothing in progress. */
export async function waitUntilSynced(page: Page, done: number): Promise<void> {
  const status = page.getByRole('contentinfo');
  await status.getByText(`${done} done`, { exact: true }).waitFor();
  await status.getByText('0 in progress', { exact: true }).waitFor();
}
