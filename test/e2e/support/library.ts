import { sessionForSuite, type AppSession } from './app-session.ts';
import { waitUntilSynced } from './window.ts';
import { documentFixture, sample, type FileSpec } from './workspace.ts';

/**
 * What there is to search and to see in every view: Chinese (GBK) and mixed-language text, an
 * English PDF in a subfolder, and one file whose content is not what its name says.
 */
export const LIBRARY: Record<string, FileSpec> = {
  '会议纪要.txt': { copyOf: sample('会议纪要.txt') },
  'guide.md': { copyOf: sample('guide.md') },
  'reports/orchards-and-bicycles.pdf': { copyOf: documentFixture('english-2-pages.pdf') },
  'scan.pdf': { content: 'this is plain text saved under a PDF name\n' },
};
/** How many files of LIBRARY reach done; the rest are skipped. */
export const LIBRARY_DONE = 3;

/** A suite's app session with LIBRARY synced (in the folder `library`) before its tests run. */
export function sessionWithLibrary(): () => AppSession {
  return sessionForSuite({ folders: { library: LIBRARY } }, (session) => waitUntilSynced(session.page, LIBRARY_DONE));
}
