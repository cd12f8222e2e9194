import { highlightPieces } from './highlight.ts';

/** Text with the query's words in `<mark>`, built from pieces: no HTML is ever parsed. */
export function Highlighted({ text, terms }: { text: string; terms: readonly string[] }) {
  return (
    <>
      {highlightPieces(text, terms).map((piece, index) =>
        piece.match ? <mark key={index}>{piece.text}</mark> : <span key={index}>{piece.text}</span>,
      )}
    </>
  );
}
