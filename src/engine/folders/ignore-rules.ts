/**
 * gitignore rules, compiled once to regular expressions.
 *
 * Semantics follow git (gitignore(5)): comments, `\#`/`\!` escapes, trailing spaces dropped
 * unless escaped, `!` negation where the last matching rule wins, directory-only rules
 * (`build/`), rules anchored to the folder root when they contain a `/` anywhere but at the end,
 * unanchored rules matching a name at any depth, `*`, `?`, `[...]` classes and the three `**`
 * forms. As in git, a path inside an excluded directory stays excluded whatever later rules say.
 */

export interface IgnoreRule {
  /** The rule as written. */
  text: string;
  /** Position in the rule list given to compileIgnoreRules. */
  index: number;
  negated: boolean;
  directoryOnly: boolean;
}

export interface IgnoreDecision {
  ignored: boolean;
  /** The rule that decided; undefined when no rule matched (the path is not ignored). */
  rule?: IgnoreRule;
  /** Set when the path is ignored because this ancestor directory is. */
  excludedParent?: string;
}

export interface IgnoreMatcher {
  /** Whether `relativePath` (folder-relative, `/` separators) is ignored, its parent directories included. */
  ignores(relativePath: string, isDirectory: boolean): boolean;
  /**
   * The same for walkers that never descend into ignored directories: parents are not checked
   * again, which saves work on every entry of a 100,000-file tree.
   */
  ignoresEntry(relativePath: string, isDirectory: boolean): boolean;
  /** Which rule decided, for a "why is this ignored" answer. */
  explain(relativePath: string, isDirectory: boolean): IgnoreDecision;
}

export interface IgnoreOptions {
  /**
   * Match letters regardless of case. Git is case-sensitive unless core.ignorecase; we default
   * to insensitive where file systems usually are (Windows, macOS), so `*.TMP` behaves as a
   * person there expects.
   */
  caseInsensitive?: boolean;
}

interface CompiledRule extends IgnoreRule {
  regex: RegExp;
  /** Unanchored rules without a slash are tested against the last path segment only. */
  basenameOnly: boolean;
}

/** Drops trailing spaces that are not escaped with a backslash. */
function trimTrailingSpaces(line: string): string {
  let end = line.length;
  while (end > 0 && line[end - 1] === ' ') {
    let backslashes = 0;
    for (let i = end - 2; i >= 0 && line[i] === '\\'; i--) backslashes++;
    if (backslashes % 2 === 1) break;
    end--;
  }
  return line.slice(0, end);
}

const REGEX_SPECIAL = /[\\^$.*+?()[\]{}|/-]/g;
const escapeRegex = (text: string): string => text.replace(REGEX_SPECIAL, '\\$&');

/** Parses `[...]` starting at `start` (the `[`); returns the regex class and the index after `]`, or undefined when unclosed. */
function parseClass(pattern: string, start: number): { source: string; next: number } | undefined {
  let i = start + 1;
  let negated = false;
  if (pattern[i] === '!' || pattern[i] === '^') {
    negated = true;
    i++;
  }
  let body = '';
  let first = true;
  for (; i < pattern.length; i++) {
    const char = pattern[i] as string;
    if (char === ']' && !first) {
      // A class never matches the separator, as in git's pathname matching.
      return { source: negated ? `[^/${body}]` : `[${body}]`, next: i + 1 };
    }
    first = false;
    if (char === '\\' && i + 1 < pattern.length) {
      body += escapeRegex(pattern[++i] as string);
    } else if (char === '-' && body !== '' && pattern[i + 1] !== ']') {
      body += '-';
    } else {
      body += escapeRegex(char);
    }
  }
  return undefined;
}

/** One path segment's glob (no `/`) as a regex source. */
function segmentSource(segment: string): string {
  let source = '';
  for (let i = 0; i < segment.length; i++) {
    const char = segment[i] as string;
    if (char === '\\') {
      source += escapeRegex(segment[++i] ?? '\\');
    } else if (char === '*') {
      while (segment[i + 1] === '*') i++;
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else if (char === '[') {
      const parsed = parseClass(segment, i);
      if (parsed) {
        source += parsed.source;
        i = parsed.next - 1;
      } else {
        source += '\\[';
      }
    } else {
      source += escapeRegex(char);
    }
  }
  return source;
}

/** A whole anchored pattern (segments joined by `/`, `**` segments spanning directories). */
function pathSource(segments: readonly string[]): string {
  let source = '';
  let separatorPending = false;
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1;
    if (segment === '**') {
      if (last) source += index === 0 ? '.+' : '/.+';
      else source += index === 0 ? '(?:.*/)?' : '/(?:.*/)?';
      separatorPending = false;
      return;
    }
    if (separatorPending) source += '/';
    source += segmentSource(segment);
    separatorPending = true;
  });
  return source;
}

function compileRule(line: string, index: number, flags: string): CompiledRule | undefined {
  let text = trimTrailingSpaces(line.endsWith('\r') ? line.slice(0, -1) : line);
  if (text === '' || text.startsWith('#')) return undefined;
  const negated = text.startsWith('!');
  if (negated) text = text.slice(1);
  else if (text.startsWith('\\#') || text.startsWith('\\!')) text = text.slice(1);
  // A lone trailing backslash makes the pattern invalid in git: it never matches.
  if (/(?:^|[^\\])(?:\\\\)*\\$/.test(text)) return undefined;
  const directoryOnly = text.endsWith('/');
  if (directoryOnly) text = text.slice(0, -1);
  if (text === '') return undefined;
  const anchored = text.includes('/');
  if (text.startsWith('/')) text = text.slice(1);
  const rule = { text: line, index, negated, directoryOnly };
  if (!anchored) return { ...rule, basenameOnly: true, regex: new RegExp(`^${segmentSource(text)}$`, flags) };
  return { ...rule, basenameOnly: false, regex: new RegExp(`^${pathSource(text.split('/'))}$`, flags) };
}

const publicRule = ({ text, index, negated, directoryOnly }: CompiledRule): IgnoreRule => ({ text, index, negated, directoryOnly });

export function compileIgnoreRules(rules: readonly string[], options: IgnoreOptions = {}): IgnoreMatcher {
  const caseInsensitive = options.caseInsensitive ?? process.platform !== 'linux';
  const compiled = rules.map((line, index) => compileRule(line, index, caseInsensitive ? 'i' : '')).filter((rule) => rule !== undefined);

  /** The last rule matching the path itself, parents not considered. */
  const decidingRule = (relativePath: string, isDirectory: boolean): CompiledRule | undefined => {
    if (relativePath === '') return undefined;
    const basename = relativePath.slice(relativePath.lastIndexOf('/') + 1);
    for (let i = compiled.length - 1; i >= 0; i--) {
      const rule = compiled[i] as CompiledRule;
      if (rule.directoryOnly && !isDirectory) continue;
      if (rule.regex.test(rule.basenameOnly ? basename : relativePath)) return rule;
    }
    return undefined;
  };

  const excludedParent = (relativePath: string): string | undefined => {
    for (let slash = relativePath.indexOf('/'); slash > 0; slash = relativePath.indexOf('/', slash + 1)) {
      const parent = relativePath.slice(0, slash);
      if (decidingRule(parent, true)?.negated === false) return parent;
    }
    return undefined;
  };

  const ignoresEntry = (relativePath: string, isDirectory: boolean): boolean => decidingRule(relativePath, isDirectory)?.negated === false;

  return {
    ignoresEntry,
    ignores: (relativePath, isDirectory) => excludedParent(relativePath) !== undefined || ignoresEntry(relativePath, isDirectory),
    explain(relativePath, isDirectory) {
      const parent = excludedParent(relativePath);
      if (parent !== undefined) {
        const rule = decidingRule(parent, true) as CompiledRule;
        return { ignored: true, rule: publicRule(rule), excludedParent: parent };
      }
      const rule = decidingRule(relativePath, isDirectory);
      return rule ? { ignored: !rule.negated, rule: publicRule(rule) } : { ignored: false };
    },
  };
}

/** Convenience for one-off questions; compile once with compileIgnoreRules when asking many. */
export function explainIgnore(rules: readonly string[], relativePath: string, isDirectory: boolean, options?: IgnoreOptions): IgnoreDecision {
  return compileIgnoreRules(rules, options).explain(relativePath, isDirectory);
}
