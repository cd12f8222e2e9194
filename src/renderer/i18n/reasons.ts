/**
 * The engine says why in English (a file's reason, a folder's problem, the engine's message).
 * This puts its own phrases into the window's language: each English template under `reasons`
 * in en.ts is the phrase itself, so it is also the pattern that recognises it; what varies
 * (file names, numbers, sizes, commands) is captured and put back into the translation as it
 * is. Anything else, such as what a MemOS server said, is shown as it came.
 */
import type { TFunction } from 'i18next';
import { en } from './en.ts';

type ReasonKey = keyof typeof en.reasons;

interface PartRules {
  /** What a part may look like, where "anything" would be ambiguous; otherwise anything at all. */
  shapes?: Readonly<Record<string, string>>;
  /** Parts that are phrases themselves (a reason with a note appended), translated in turn. */
  phrases?: readonly string[];
}

const DETAIL = '(?:code -?\\d+, )?HTTP \\d+';
const COMMAND = '`[^`]+`';

const PART_RULES: Partial<Record<ReasonKey, PartRules>> = {
  // A size in bytes ("104,857,601 bytes") goes to tooLargeInBytes, whose unit is translated.
  tooLarge: { shapes: { size: '[\\d.]+ MB' } },
  tooLargeInBytes: { shapes: { bytes: '[\\d,]+' } },
  retrying: { phrases: ['reason'] },
  retryingSmaller: { phrases: ['reason'] },
  gaveUp: { phrases: ['reason'] },
  // Only MemOS's code and HTTP status, not the parentheses some phrases end with.
  withCode: { shapes: { detail: DETAIL }, phrases: ['reason', 'detail'] },
  // An API path, not whatever stands before a colon in a message from elsewhere.
  endpointFailed: { shapes: { endpoint: '[a-z]+/[a-z]+' }, phrases: ['reason'] },
  // MemOS's own words follow the code and status.
  serverSaid: { shapes: { reason: `.+ \\((?:${DETAIL})\\)` }, phrases: ['reason'] },
  thenRewatch: { phrases: ['advice'] },
  raiseWatchLimit: { shapes: { raise: COMMAND, persist: COMMAND, reload: COMMAND } },
  raiseOpenFilesMac: { shapes: { command: COMMAND } },
  raiseOpenFilesLinux: { shapes: { shell: COMMAND, unit: COMMAND } },
  cannotWatch: { phrases: ['message'] },
  scanFailed: { phrases: ['message'] },
};

interface ReasonPattern {
  key: ReasonKey;
  pattern: RegExp;
  phrases: readonly string[];
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The English template with each `{{part}}` as a named group of its shape. */
function patternOf(template: string, shapes: Readonly<Record<string, string>> = {}): RegExp {
  const source = template
    .split(/\{\{(\w+)\}\}/)
    .map((piece, index) => (index % 2 === 0 ? escapeRegExp(piece) : `(?<${piece}>${shapes[piece] ?? '.+?'})`))
    .join('');
  return new RegExp(`^${source}$`);
}

const PATTERNS: readonly ReasonPattern[] = (Object.entries(en.reasons) as [ReasonKey, string][]).map(([key, template]) => ({
  key,
  pattern: patternOf(template, PART_RULES[key]?.shapes),
  phrases: PART_RULES[key]?.phrases ?? [],
}));

/** `text` in the language of `t` when it is one of the engine's phrases; otherwise `text` unchanged. */
export function translateReason(text: string, t: TFunction): string {
  for (const { key, pattern, phrases } of PATTERNS) {
    const match = pattern.exec(text);
    if (!match) continue;
    const parts: Record<string, string> = {};
    for (const [name, value] of Object.entries(match.groups ?? {})) parts[name] = phrases.includes(name) ? translateReason(value, t) : value;
    return t(`reasons.${key}`, parts);
  }
  return text;
}
