import { describe, expect, it } from 'vitest';
import { E2E_TEST_TIMEOUT_MS } from './support/app-session.ts';
import { sessionWithLibrary } from './support/library.ts';
import { openView } from './support/window.ts';

describe('searching what the built-in server remembers', { timeout: E2E_TEST_TIMEOUT_MS }, () => {
  const session = sessionWithLibrary();

  const search = async (query: string): Promise<void> => {
    const { page } = session();
    await openView(page, 'search');
    await page.getByRole('searchbox', { name: 'Search your memories' }).fill(query);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
  };

  it.each([
    { language: 'Chinese', query: '第三季度预算', source: 'From 会议纪要.txt' },
    { language: 'Chinese in a mixed-language file', query: '托盘', source: 'From guide.md' },
    { language: 'English', query: 'Bicycles', source: 'From reports/orchards-and-bicycles.pdf, page 2' },
  ])('finds $language ($query) in the synced files, its words marked', async ({ query, source }) => {
    await search(query);
    const result = session().page.getByRole('list', { name: 'Memories' }).getByRole('listitem').filter({ hasText: source }).first();
    await result.waitFor();
    // How the words are cut (第三 季度 预算, or 托 盘) is the segmenter's business; together the marks must be the query.
    const marks = (await result.locator('mark').allInnerTexts()).map((mark) => mark.toLowerCase());
    const wanted = query.toLowerCase();
    expect(marks.filter((mark) => !wanted.includes(mark))).toEqual([]);
    expect(new Set(marks.join(''))).toEqual(new Set(wanted));
  });

  it('says so when nothing matches', async () => {
    await search('zebracorn');
    await session().page.getByText('Nothing remembered matches “zebracorn”.').waitFor();
    expect(await session().page.getByRole('list', { name: 'Memories' }).count()).toBe(0);
  });
});
