import type { ExtractedSection } from './types.ts';

/** About one memory's worth of text: long enough to carry context, short enough to search well. */
export const MEMORY_CHARS = 1500;

const SENTENCE_END = /[。！？；.!?;]["'”’」』)）]*(?=\s|$)|[。！？；]["'”’」』)）]*/g;

/** The best place to cut `text` at or before `max`: a blank line, a line end, a sentence end, a space; else `max`. */
function cutPoint(text: string, max: number): number {
  const window = text.slice(0, max);
  const floor = Math.floor(max / 2);
  const paragraph = window.lastIndexOf('\n\n');
  if (paragraph >= floor) return paragraph + 2;
  const line = window.lastIndexOf('\n');
  if (line >= floor) return line + 1;
  let sentence = -1;
  for (const match of window.matchAll(SENTENCE_END)) sentence = match.index + match[0].length;
  if (sentence >= floor) return sentence;
  const space = window.lastIndexOf(' ');
  if (space >= floor) return space + 1;
  // Never split a surrogate pair.
  const code = text.charCodeAt(max - 1);
  return code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
}

/** Splits text into trimmed pieces of at most `max` characters, on the most natural boundaries available. */
export function splitText(text: string, max = MEMORY_CHARS): string[] {
  const pieces: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const cut = cutPoint(rest, max);
    const piece = rest.slice(0, cut).trim();
    if (piece) pieces.push(piece);
    rest = rest.slice(cut).trimStart();
  }
  if (rest) pieces.push(rest.trimEnd());
  return pieces;
}

/** Numbers the continuation of a titled block: "notes.md · Setup", "notes.md · Setup (2)", … */
export function partTitle(title: string, part: number): string {
  return part <= 1 ? title : `${title} (${part})`;
}

/** One section per piece of `text`, titled `title`, `title (2)`, … */
export function titledSections(title: string, text: string, max = MEMORY_CHARS): ExtractedSection[] {
  return splitText(text, max).map((piece, index) => ({ title: partTitle(title, index + 1), text: piece }));
}
