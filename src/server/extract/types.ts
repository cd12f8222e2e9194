import type { FileType } from '../../formats/sniff.ts';

/** One piece of a document that becomes one memory: a page, a section, or a chunk of text. */
export interface ExtractedSection {
  /** Short human title: "report.pdf · page 3", "notes.docx · Introduction". */
  title: string;
  text: string;
  /** 1-based page number when the format has pages. */
  page?: number;
}

export interface Extraction {
  type: FileType;
  /** Pages in the document, when the format knows them. */
  pageCount?: number;
  sections: ExtractedSection[];
  /** Flat string facts kept with every memory of the file, e.g. width, height, taken_at, encoding. */
  meta: Record<string, string>;
}

/** Raised when a file cannot be read as its type; the message is shown to the person as the failure reason. */
export class ExtractionError extends Error {
  override name = 'ExtractionError';
}
