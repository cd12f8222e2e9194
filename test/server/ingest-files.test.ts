import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, startTestServer, type TestServer, uploadFile, waitForTask } from './test-server.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.stop();
});

async function sourcesFor(query: string): Promise<{ source: string | undefined; page: string | undefined; tags: string[]; type: string | undefined }[]> {
  const result = await t.client.searchMemory({ query, relativity: 0, memory_limit_number: 25 });
  return result.memory_detail_list.map((memory) => ({ source: memory.info?.source_file, page: memory.info?.page, tags: memory.tags, type: memory.memory_type }));
}

describe('files through the real client, extracted and found by search', () => {
  it('makes every supported document and image searchable in Chinese and English', async () => {
    const files = await Promise.all([
      uploadFile(fixture('documents', 'chinese.pdf'), 'reports/chinese.pdf'),
      uploadFile(fixture('documents', 'english-2-pages.pdf'), 'reports/english 2 pages.pdf'),
      uploadFile(fixture('documents', 'report.docx'), '报告/report.docx'),
      uploadFile(fixture('documents', 'report.doc'), 'report.doc'),
      uploadFile(fixture('documents', 'notes-gbk.txt'), 'notes-gbk.txt'),
      uploadFile(fixture('images', 'text-zh-en.png'), 'images/text-zh-en.png'),
    ]);
    const accepted = await t.client.addMessage({ files, conversationId: 'fixtures' });
    expect(accepted.status).toBe('running');

    // The rough pass makes the file names searchable before the files are read.
    const rough = await t.client.searchMemory({ query: 'chinese.pdf', relativity: 0 });
    expect(rough.memory_detail_list.some((memory) => memory.tags.includes('mode:fast') && memory.memory_type === 'WorkingMemory')).toBe(true);

    const status = await waitForTask(t.client, accepted.task_id);
    expect(status.error).toBeUndefined();
    expect(status.status).toBe('completed');
    const added = status.memory_views?.added as string[];
    expect(added.length).toBeGreaterThanOrEqual(files.length);
    expect((status.memory_views?.deleted as string[]).length).toBeGreaterThan(0);
    const afterRefine = await t.client.searchMemory({ query: 'chinese.pdf', relativity: 0 });
    expect(afterRefine.memory_detail_list.some((memory) => memory.tags.includes('mode:fast'))).toBe(false);

    expect(await sourcesFor('orchards')).toContainEqual(expect.objectContaining({ source: 'reports/english 2 pages.pdf', page: '1' }));
    expect(await sourcesFor('bicycles mountain')).toContainEqual(expect.objectContaining({ source: 'reports/english 2 pages.pdf', page: '2' }));
    expect((await sourcesFor('记忆系统')).map((hit) => hit.source)).toContain('reports/chinese.pdf');
    expect((await sourcesFor('服务器的费用')).map((hit) => hit.source)).toContain('notes-gbk.txt');
    const unanimous = (await sourcesFor('approved unanimously')).map((hit) => hit.source);
    expect(unanimous).toEqual(expect.arrayContaining(['报告/report.docx', 'report.doc']));
    const image = await sourcesFor('会议纪要');
    expect(image).toContainEqual(expect.objectContaining({ source: 'images/text-zh-en.png', tags: expect.arrayContaining(['mode:fine', 'multimodal:file', 'png']) }));
    expect((await sourcesFor('Meeting notes')).map((hit) => hit.source)).toContain('images/text-zh-en.png');
    for (const hit of await sourcesFor('预算')) expect(hit.type).toBe('LongTermMemory');
  });

  it('identifies files by content: PNG bytes named .pdf are read as an image', async () => {
    const disguised = await uploadFile(fixture('images', 'text-zh-en.png'), 'scan.pdf');
    const accepted = await t.client.addMessage({ files: [disguised], conversationId: 'disguised' });
    const status = await waitForTask(t.client, accepted.task_id);
    expect(status.status).toBe('completed');
    const hits = await t.client.searchMemory({ query: 'Meeting notes', conversation_id: 'disguised', filter: { and: [{ source_file: 'scan.pdf' }] }, relativity: 0 });
    expect(hits.memory_detail_list[0]?.tags).toContain('png');
  });

  it('lets a search filter by tags and info written with the files', async () => {
    const file = await uploadFile(fixture('documents', 'english-2-pages.pdf'), 'tagged.pdf');
    const accepted = await t.client.addMessage({ files: [file], conversationId: 'tagged', tags: ['project-x'], info: { scene: 'upload' } });
    await waitForTask(t.client, accepted.task_id);
    const hits = await t.client.searchMemory({ query: 'apples', relativity: 0, filter: { and: [{ tags: { contains: 'project-x' } }, { scene: 'upload' }] } });
    expect(hits.memory_detail_list.map((memory) => memory.info?.source_file)).toEqual(['tagged.pdf']);
  });
});
