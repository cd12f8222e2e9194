import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { E2E_TEST_TIMEOUT_MS, sessionForSuite } from './support/app-session.ts';
import { fileRow, waitUntilSynced } from './support/window.ts';
import { makeFolder } from './support/workspace.ts';

/** Waits until `target` has the keyboard focus, and checks that the focus is drawn (an outline). */
async function expectVisibleFocus(page: Page, target: Locator): Promise<void> {
  const focused = target.and(page.locator(':focus-visible'));
  await focused.waitFor();
  const outline = await focused.evaluate((element) => {
    const style = element.ownerDocument.defaultView.getComputedStyle(element);
    return { style: style.outlineStyle, width: Number.parseFloat(style.outlineWidth) };
  });
  expect(outline.style).not.toBe('none');
  expect(outline.width).toBeGreaterThan(0);
}

/** Presses Tab until `target` has the focus; fails after `limit` presses. */
async function tabTo(page: Page, target: Locator, limit = 12): Promise<void> {
  for (let presses = 0; presses < limit; presses++) {
    await page.keyboard.press('Tab');
    if (await target.and(page.locator(':focus')).count()) return;
  }
  throw new Error(`${limit} presses of Tab did not reach ${target.toString()}`);
}

describe('the window with the keyboard only', { timeout: E2E_TEST_TIMEOUT_MS }, () => {
  const session = sessionForSuite();

  it('moves between views, adds a folder, searches and opens a result with Tab, arrows and Enter', async () => {
    const { page } = session();
    const lanterns = await makeFolder(session().folder('lanterns'), {
      'festival.txt': { content: 'The lantern festival budget: paper lanterns, candles and string.\n' },
    });
    const tab = (name: string): Locator => page.getByRole('tab', { name, exact: true });

    await page.keyboard.press('Tab');
    await expectVisibleFocus(page, tab('Queue'));
    await page.keyboard.press('ArrowRight');
    await expectVisibleFocus(page, tab('Folders'));
    expect(await tab('Folders').getAttribute('aria-selected')).toBe('true');

    await page.keyboard.press('Tab');
    await expectVisibleFocus(page, page.getByLabel('Folder path'));
    await page.keyboard.type(lanterns);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: lanterns, exact: true }).waitFor();
    await waitUntilSynced(page, 1);

    await page.keyboard.press('Shift+Tab');
    await expectVisibleFocus(page, tab('Folders'));
    await page.keyboard.press('ArrowRight');
    await expectVisibleFocus(page, tab('Search'));
    await page.keyboard.press('Tab');
    await expectVisibleFocus(page, page.getByRole('searchbox', { name: 'Search your memories' }));
    await page.keyboard.type('lanterns');
    await page.keyboard.press('Enter');
    const open = page.getByRole('button', { name: 'Show in queue: festival.txt' });
    await open.waitFor();

    await tabTo(page, open);
    await expectVisibleFocus(page, open);
    await page.keyboard.press('Enter');

    await expectVisibleFocus(page, tab('Queue'));
    expect(await page.getByRole('searchbox', { name: 'Find file' }).inputValue()).toBe('festival.txt');
    const row = fileRow(page, 'festival.txt');
    await row.getByText('Done', { exact: true }).waitFor();
    await tabTo(page, row);
    await expectVisibleFocus(page, row);
  });
});
