import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { startHeadlessApp, type HeadlessApp } from '../../../src/host/headless-app.ts';
import { ensureRendererBuilt } from './build-renderer.ts';
import { launchChromium } from './chromium.ts';
import { makeFolder, type FileSpec } from './workspace.ts';

/** Long enough for a busy CI machine, short enough that Playwright's message beats vitest's timeout. */
const WAIT_MS = 25_000;
export const E2E_TEST_TIMEOUT_MS = 60_000;
/** Starting may build the window first (a fresh checkout), then waits for a first sync. */
const SESSION_START_TIMEOUT_MS = 180_000;

export interface AppSessionOptions {
  /** Folders (name → files) written in the workspace and synced from the start. */
  folders?: Record<string, Record<string, FileSpec>>;
}

export interface AppSession {
  app: HeadlessApp;
  page: Page;
  /** A folder `name` in a temporary workspace that stop() removes: one of the options', or one for the test to make. */
  folder(name: string): string;
  /** Uncaught errors the page threw: a test expects none. */
  pageErrors: string[];
  /** What the app logged (warnings and errors), shown when a test fails. */
  log: string[];
  stop(): Promise<void>;
}

/**
 * The real app without Electron (engine, built-in server process, web host) on a temporary
 * data folder, and the built window open in Chromium at its URL, in English and light.
 */
export async function startAppSession(options: AppSessionOptions = {}): Promise<AppSession> {
  await ensureRendererBuilt();
  const workspace = await mkdtemp(join(tmpdir(), 'memos-e2e-'));
  const folder = (name: string): string => join(workspace, name);
  const log: string[] = [];
  let app: HeadlessApp | undefined;
  let browser: Browser | undefined;
  const stop = async (): Promise<void> => {
    await browser?.close();
    await app?.stop();
    await rm(workspace, { recursive: true, force: true });
  };
  try {
    for (const [name, files] of Object.entries(options.folders ?? {})) await makeFolder(folder(name), files);
    app = await startHeadlessApp({
      dataRoot: folder('.app-data'),
      folders: Object.keys(options.folders ?? {}).map(folder),
      host: '127.0.0.1',
      port: 0,
      settings: { language: 'en', theme: 'light', userId: 'e2e' },
      log: { warn: (line) => log.push(`warn: ${line}`), error: (line) => log.push(`error: ${line}`) },
    });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1200, height: 800 }, locale: 'en-US', colorScheme: 'light' });
    context.setDefaultTimeout(WAIT_MS);
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(app.web.url);
    await page.getByRole('tablist').waitFor();
    return { app, page, folder, pageErrors, log, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * One app session for the tests of a suite: started before them (then `ready`, e.g. waiting for
 * a first sync), stopped after them. Each test must leave no uncaught error in the page; a
 * failing test prints what the app logged. Returns the session for use inside tests.
 */
export function sessionForSuite(options: AppSessionOptions = {}, ready?: (session: AppSession) => Promise<void>): () => AppSession {
  let session: AppSession | undefined;
  beforeAll(async () => {
    session = await startAppSession(options);
    await ready?.(session);
  }, SESSION_START_TIMEOUT_MS);
  beforeEach(({ onTestFailed }) => {
    onTestFailed(() => {
      if (session?.log.length) console.error(`the app logged:\n${session.log.join('\n')}`);
    });
  });
  afterEach(() => {
    expect(session?.pageErrors.splice(0), 'uncaught errors in the page').toEqual([]);
  });
  afterAll(async () => {
    await session?.stop();
  });
  return () => {
    if (!session) throw new Error('the app session did not start');
    return session;
  };
}
