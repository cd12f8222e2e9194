import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPdfPassword } from '../../../src/engine/preflight/pdf-password.ts';
import { preflight } from '../../../src/engine/preflight/preflight.ts';

const local = (name: string): string => join(import.meta.dirname, 'fixtures', name);
const shared = (name: string): string => join(import.meta.dirname, '../../fixtures/documents', name);

describe('checkPdfPassword (fixtures made by qpdf, see fixtures/README.md)', () => {
  it.each(['r2', 'r3', 'r4', 'r5', 'r6', 'r6-object-streams'])('%s: an empty user password opens; a real one does not', async (revision) => {
    expect(await checkPdfPassword(local(`${revision}-open.pdf`))).toBe('opens-without-password');
    expect(await checkPdfPassword(local(`${revision}-password.pdf`))).toBe('needs-password');
  });

  it('R4 with cleartext metadata (EncryptMetadata false)', async () => {
    expect(await checkPdfPassword(local('r4-cleartext-metadata-open.pdf'))).toBe('opens-without-password');
  });

  it('the shared fixtures, including an encrypted object-stream PDF', async () => {
    expect(await checkPdfPassword(shared('encrypted-no-user-password.pdf'))).toBe('opens-without-password');
    expect(await checkPdfPassword(shared('encrypted-password.pdf'))).toBe('needs-password');
    expect(await checkPdfPassword(shared('encrypted-object-streams.pdf'))).toBe('needs-password');
  });

  it('unknown for a security handler other than the standard one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pdf-password-'));
    try {
      const path = join(dir, 'custom-handler.pdf');
      const bytes = await readFile(local('r6-open.pdf'));
      // Same length, so every offset in the cross-reference table stays right.
      await writeFile(path, Buffer.from(bytes.toString('latin1').replace('/Filter /Standard', '/Filter /Nonstand'), 'latin1'));
      expect(await checkPdfPassword(path)).toBe('unknown');
      expect(await preflight(path, 'custom.pdf')).toMatchObject({ outcome: 'skip', reason: expect.stringMatching(/cannot be checked/) });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('throws I/O errors for preflight to map', async () => {
    await expect(checkPdfPassword(local('missing.pdf'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('preflight of encrypted PDFs', () => {
  it('a PDF that only restricts printing or copying is ok', async () => {
    expect(await preflight(shared('encrypted-no-user-password.pdf'), 'restricted.pdf')).toMatchObject({ outcome: 'ok', type: 'pdf', pages: 2 });
    expect(await preflight(local('r3-open.pdf'), 'restricted.pdf')).toMatchObject({ outcome: 'ok', type: 'pdf' });
  });

  it('a PDF that needs a password to open is skipped', async () => {
    for (const path of [shared('encrypted-object-streams.pdf'), local('r2-password.pdf')]) {
      expect(await preflight(path, 'locked.pdf')).toMatchObject({ outcome: 'skip', reason: 'the PDF is password-protected' });
    }
  });
});
