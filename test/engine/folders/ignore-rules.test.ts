import { describe, expect, it } from 'vitest';
import { compileIgnoreRules, explainIgnore } from '../../../src/engine/folders/ignore-rules.ts';
import { DEFAULT_IGNORE_RULES } from '../../../src/shared/folder-settings.ts';

type Case = [rules: string[], path: string, isDirectory: boolean, ignored: boolean];

/** What `git check-ignore` answers for the same rules and paths (checked against git 2.x). */
const GIT_CASES: Case[] = [
  // comments, blank lines, escapes
  [['# comment'], '# comment', false, false],
  [['\\#hash'], '#hash', false, true],
  [[''], 'anything', false, false],
  [['\\!important'], '!important', false, true],
  // trailing spaces are dropped unless escaped
  [['notes.txt   '], 'notes.txt', false, true],
  [['space\\ '], 'space ', false, true],
  [['space\\ '], 'space', false, false],
  // unanchored rules match at any depth, on the name
  [['*.log'], 'a.log', false, true],
  [['*.log'], 'deep/down/a.log', false, true],
  [['*.log'], 'a.log.txt', false, false],
  [['secret'], 'x/secret', false, true],
  [['secret'], 'x/secret/inner.txt', false, true],
  // anchored: leading slash or a slash in the middle
  [['/top.txt'], 'top.txt', false, true],
  [['/top.txt'], 'sub/top.txt', false, false],
  [['doc/frotz'], 'doc/frotz', false, true],
  [['doc/frotz'], 'a/doc/frotz', false, false],
  [['doc/*.txt'], 'doc/a.txt', false, true],
  [['doc/*.txt'], 'doc/sub/a.txt', false, false],
  // directory-only rules
  [['build/'], 'build', true, true],
  [['build/'], 'build', false, false],
  [['build/'], 'src/build/out.pdf', false, true],
  [['build/'], 'src/build', false, false],
  // wildcards and classes
  [['?.md'], 'a.md', false, true],
  [['?.md'], 'ab.md', false, false],
  [['file[0-9].txt'], 'file7.txt', false, true],
  [['file[0-9].txt'], 'filex.txt', false, false],
  [['file[!0-9].txt'], 'filex.txt', false, true],
  [['file[!0-9].txt'], 'file7.txt', false, false],
  [['[abc].txt'], 'b.txt', false, true],
  [['a*'], 'a/b', false, true],
  [['a*b'], 'a/b', false, false],
  // ** forms
  [['**/logs'], 'logs', true, true],
  [['**/logs'], 'x/y/logs', true, true],
  [['**/logs/debug.log'], 'a/logs/debug.log', false, true],
  [['logs/**'], 'logs', true, false],
  [['logs/**'], 'logs/a/b.txt', false, true],
  [['a/**/b'], 'a/b', false, true],
  [['a/**/b'], 'a/x/y/b', false, true],
  [['a/**/b'], 'a/x/c', false, false],
  [['a**b'], 'axxb', false, true],
  // negation: the last matching rule wins
  [['*.txt', '!keep.txt'], 'keep.txt', false, false],
  [['*.txt', '!keep.txt'], 'drop.txt', false, true],
  [['!keep.txt', '*.txt'], 'keep.txt', false, true],
  // ...but nothing comes back from an excluded directory
  [['build/', '!build/keep.pdf'], 'build/keep.pdf', false, true],
  [['build', '!build/keep.pdf'], 'build/keep.pdf', false, true],
  // excluding the contents keeps the directory, so re-including works
  [['build/*', '!build/keep.pdf'], 'build/keep.pdf', false, false],
  [['build/*', '!build/keep.pdf'], 'build/other.pdf', false, true],
  [['logs/**', '!logs/keep.txt'], 'logs/keep.txt', false, false],
  // defaults
  [[...DEFAULT_IGNORE_RULES], '~$report.docx', false, true],
  [[...DEFAULT_IGNORE_RULES], 'reports/~$report.docx', false, true],
  [[...DEFAULT_IGNORE_RULES], 'reports/report.docx', false, false],
  [[...DEFAULT_IGNORE_RULES], 'download.pdf.crdownload', false, true],
  [[...DEFAULT_IGNORE_RULES], 'movie.part', false, true],
  [[...DEFAULT_IGNORE_RULES], 'x.tmp', false, true],
  [[...DEFAULT_IGNORE_RULES], 'photos/.DS_Store', false, true],
  [[...DEFAULT_IGNORE_RULES], 'photos/Thumbs.db', false, true],
  [[...DEFAULT_IGNORE_RULES], '.git', true, true],
  [[...DEFAULT_IGNORE_RULES], 'project/.git/HEAD', false, true],
  [[...DEFAULT_IGNORE_RULES], 'web/node_modules', true, true],
  [[...DEFAULT_IGNORE_RULES], 'web/node_modules/pkg/README.md', false, true],
  [[...DEFAULT_IGNORE_RULES, '!node_modules/'], 'web/node_modules/pkg/README.md', false, false],
];

describe('compileIgnoreRules (case-sensitive, like git)', () => {
  it.each(GIT_CASES)('%j on %s (directory: %s) → ignored: %s', (rules, path, isDirectory, ignored) => {
    expect(compileIgnoreRules(rules, { caseInsensitive: false }).ignores(path, isDirectory)).toBe(ignored);
  });

  it('matches case exactly unless told otherwise', () => {
    expect(compileIgnoreRules(['*.TMP'], { caseInsensitive: false }).ignores('a.tmp', false)).toBe(false);
    expect(compileIgnoreRules(['*.TMP'], { caseInsensitive: true }).ignores('a.tmp', false)).toBe(true);
    expect(compileIgnoreRules(['Build/'], { caseInsensitive: true }).ignores('build/x.pdf', false)).toBe(true);
  });

  it('ignoresEntry leaves parent directories to the walker', () => {
    const matcher = compileIgnoreRules(['build/'], { caseInsensitive: false });
    expect(matcher.ignoresEntry('build/keep.pdf', false)).toBe(false);
    expect(matcher.ignores('build/keep.pdf', false)).toBe(true);
  });

  it('never ignores the folder itself', () => {
    expect(compileIgnoreRules(['**', '*'], { caseInsensitive: false }).ignores('', true)).toBe(false);
  });

  it('treats an unclosed class and a lone trailing backslash as git does', () => {
    const matcher = compileIgnoreRules(['a[b', 'tail\\'], { caseInsensitive: false });
    expect(matcher.ignores('a[b', false)).toBe(true);
    expect(matcher.ignores('tail', false)).toBe(false);
    expect(matcher.ignores('tail\\', false)).toBe(false);
  });
});

describe('explainIgnore', () => {
  it('names the deciding rule, negations included', () => {
    const rules = ['*.txt', '!keep.txt'];
    expect(explainIgnore(rules, 'a/drop.txt', false)).toMatchObject({ ignored: true, rule: { text: '*.txt', index: 0, negated: false } });
    expect(explainIgnore(rules, 'keep.txt', false)).toMatchObject({ ignored: false, rule: { text: '!keep.txt', index: 1, negated: true } });
    expect(explainIgnore(rules, 'a.pdf', false)).toEqual({ ignored: false });
  });

  it('names the excluded parent directory', () => {
    expect(explainIgnore(['cache/', '!cache/x.pdf'], 'a/cache/x.pdf', false)).toMatchObject({
      ignored: true,
      excludedParent: 'a/cache',
      rule: { text: 'cache/' },
    });
  });
});

describe('speed', () => {
  it('judges 100,000 paths against the defaults plus folder rules quickly enough to not dominate a scan', () => {
    const matcher = compileIgnoreRules([...DEFAULT_IGNORE_RULES, '/archive/**', '!archive/keep/**', '*.bak', 'drafts/']);
    let ignored = 0;
    for (let i = 0; i < 100_000; i++) {
      if (matcher.ignores(`projects/p${i % 97}/docs/file-${i}.${i % 3 === 0 ? 'tmp' : 'pdf'}`, false)) ignored++;
    }
    expect(ignored).toBe(33_334);
  });
});
