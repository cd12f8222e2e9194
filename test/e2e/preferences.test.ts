import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { E2E_TEST_TIMEOUT_MS, sessionForSuite } from './support/app-session.ts';
import { openView } from './support/window.ts';

/** The colours src/renderer/styles/base.css gives the page and its text in each theme. */
const THEME_COLOURS = {
  light: { background: 'rgb(246, 247, 249)', text: 'rgb(27, 30, 36)' },
  dark: { background: 'rgb(21, 23, 28)', text: 'rgb(232, 234, 239)' },
};

async function pageColours(page: Page): Promise<{ background: string; text: string }> {
  return page.locator('body').evaluate((body) => {
    const style = body.ownerDocument.defaultView.getComputedStyle(body);
    return { background: style.backgroundColor, text: style.color };
  });
}

const tabNames = (page: Page): Promise<string[]> => page.getByRole('tab').allInnerTexts();

describe('language and theme in Settings', { timeout: E2E_TEST_TIMEOUT_MS }, () => {
  const session = sessionForSuite();

  it('switches the window between English and 简体中文 at once, and keeps the choice', async () => {
    const { page } = session();
    await openView(page, 'settings');
    expect(await tabNames(page)).toEqual(['Queue', 'Folders', 'Search', 'Activity', 'Settings']);

    await page.getByLabel('Language').selectOption('zh-CN');
    await page.getByRole('heading', { name: '设置', level: 2 }).waitFor();
    expect(await tabNames(page)).toEqual(['队列', '文件夹', '搜索', '动态', '设置']);
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await page.getByRole('contentinfo').innerText()).toContain('已是最新');

    await page.reload();
    await page.getByRole('heading', { name: '设置', level: 2 }).waitFor();

    await page.getByLabel('语言').selectOption('en');
    await page.getByRole('heading', { name: 'Settings', level: 2 }).waitFor();
    expect(await tabNames(page)).toEqual(['Queue', 'Folders', 'Search', 'Activity', 'Settings']);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
  });

  it('switches between light and dark, whatever the system prefers', async () => {
    const { page } = session();
    await openView(page, 'settings');
    expect(await pageColours(page)).toEqual(THEME_COLOURS.light);

    await page.getByLabel('Theme').selectOption('dark');
    await page.locator('html[data-theme="dark"]').waitFor();
    expect(await pageColours(page)).toEqual(THEME_COLOURS.dark);

    await page.emulateMedia({ colorScheme: 'light' });
    expect(await pageColours(page)).toEqual(THEME_COLOURS.dark);

    await page.getByLabel('Theme').selectOption('light');
    await page.locator('html[data-theme="light"]').waitFor();
    expect(await pageColours(page)).toEqual(THEME_COLOURS.light);

    await page.getByLabel('Theme').selectOption('system');
    await page.locator('html:not([data-theme])').waitFor();
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await pageColours(page)).toEqual(THEME_COLOURS.dark);
  });
});
