import { describe, expect, it } from 'vitest';
import { folderFilter, isCandidate } from '../../../src/engine/folders/candidates.ts';
import { SYNC_FILE_TYPES } from '../../../src/shared/folder-settings.ts';

describe('isCandidate', () => {
  it.each([
    ['report.pdf', true],
    ['Report.PDF', true],
    ['a/b/c/letter.docx', true],
    ['old.doc', true],
    ['notes.markdown', true],
    ['photo.JPEG', true],
    ['scan.webp', true],
    ['data.json', false],
    ['script.js', false],
    ['pdf', false],
    ['.pdf', false],
    ['dir.pdf/file', false],
    ['archive.pdf.zip', false],
  ])('%s → %s', (path, expected) => {
    expect(isCandidate(path, SYNC_FILE_TYPES)).toBe(expected);
  });

  it('only accepts the folder’s chosen types', () => {
    expect(isCandidate('a.png', ['pdf', 'md'])).toBe(false);
    expect(isCandidate('a.md', ['pdf', 'md'])).toBe(true);
  });
});

describe('folderFilter', () => {
  const filter = folderFilter({ types: ['pdf', 'txt'], ignore: ['drafts/', '!~$kept.pdf'] }, { caseInsensitive: false });

  it('prunes ignored directories, defaults and the folder’s own', () => {
    expect(filter.skipsDirectory('node_modules')).toBe(true);
    expect(filter.skipsDirectory('a/.git')).toBe(true);
    expect(filter.skipsDirectory('a/drafts')).toBe(true);
    expect(filter.skipsDirectory('a/final')).toBe(false);
    expect(filter.skipsDirectory('')).toBe(false);
  });

  it('accepts files that are of a chosen type and not ignored', () => {
    expect(filter.acceptsFile('a/report.pdf')).toBe(true);
    expect(filter.acceptsFile('a/report.docx')).toBe(false);
    expect(filter.acceptsFile('a/~$lock.pdf')).toBe(false);
    expect(filter.acceptsFile('a/download.tmp')).toBe(false);
    expect(filter.acceptsFile('~$kept.pdf')).toBe(true);
  });

  it('explains which list the deciding rule came from', () => {
    expect(filter.explain('x/~$lock.pdf', false)).toMatchObject({ ignored: true, source: 'default', rule: { text: '~$*' } });
    expect(filter.explain('drafts', true)).toMatchObject({ ignored: true, source: 'folder', rule: { text: 'drafts/' } });
    expect(filter.explain('~$kept.pdf', false)).toMatchObject({ ignored: false, source: 'folder' });
  });
});
