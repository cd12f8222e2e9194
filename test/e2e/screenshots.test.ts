import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { E2E_TEST_TIMEOUT_MS } from './support/app-session.ts';
import { sessionWithLibrary } from './support/library.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { LANGUAGES, setAppearance, showView, THEMES, VIEWS, type Language } from './support/view-gallery.ts';
import type { ViewName } from './support/window.ts';

const TAB_LABELS: Record<Language, string[]> = {
  en: ['Queue', 'Folders', 'Search', 'Activity', 'Settings'],
  'zh-CN': ['队列', '文件夹', '搜索', '动态', '设置'],
};

/** How the engine's reason for skipping LIBRARY's scan.pdf reads, in the queue and in the activity. */
const SKIPPED_SCAN: Record<Language, { reason: string; activity: string; added: string }> = {
  en: {
    reason: 'named .pdf but the content is not a PDF',
    activity: 'Skipped library/scan.pdf: named .pdf but the content is not a PDF',
    added: 'Added library/guide.md',
  },
  'zh-CN': {
    reason: '文件名为 .pdf，但内容不是 PDF',
    activity: '已跳过 library/scan.pdf：文件名为 .pdf，但内容不是 PDF',
    added: '已添加 library/guide.md',
  },
};

/** What the engine told, said in the window's language: a skipped file's reason in the queue, and the activity. */
async function expectEngineWordsIn(page: Page, view: ViewName, language: Language): Promise<void> {
  const panel = page.getByRole('tabpanel');
  if (view === 'queue') expect(await panel.locator('.file-row.state-skipped .file-reason').allInnerTexts()).toEqual([SKIPPED_SCAN[language].reason]);
  if (view === 'activity') expect(await panel.locator('.activity-text').allInnerTexts()).toEqual(expect.arrayContaining([SKIPPED_SCAN[language].activity, SKIPPED_SCAN[language].added]));
}

/**
 * Every view in both languages and both themes, saved to test-results/screenshots/ for people
 * to look at; each is checked to be in its language, the engine's words included, and to fit the
 * window without scrolling sideways.
 */
describe('screenshots of every view', { timeout: E2E_TEST_TIMEOUT_MS }, () => {
  const session = sessionWithLibrary();

  for (const language of LANGUAGES) {
    for (const theme of THEMES) {
      it(`${language}, ${theme}`, async () => {
        const { page } = session();
        await setAppearance(session(), language, theme);
        for (const view of VIEWS) {
          await showView(page, view, language);
          expect(await page.getByRole('tab').allInnerTexts()).toEqual(TAB_LABELS[language]);
          await expectEngineWordsIn(page, view, language);
          const overflowing = await page.locator('html').evaluate((html) =>
            [html, ...html.querySelectorAll('.view, .view-panel > *')].filter((element) => element.scrollWidth > element.clientWidth).map((element) => element.className || element.tagName),
          );
          expect(overflowing, `${view} is wider than the window`).toEqual([]);
          await saveScreenshot(page, `${view}-${theme}-${language}`);
        }
      });
    }
  }
});
