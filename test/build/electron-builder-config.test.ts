import { execFileSync } from 'node:child_process';
import { existsSync, globSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as {
  appId: string;
  productName: string;
  files: string[];
  asarUnpack: string[];
  linux: { target: string[] };
  mac: { target: string };
  win: { target: string };
};
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string; bin: Record<string, string>; productName: string };

describe('electron-builder.yml against the real build output', () => {
  beforeAll(() => {
    execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'pipe' });
  }, 180_000);

  it('names the product and every platform target', () => {
    expect(config.productName).toBe(packageJson.productName);
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z-]+)+$/);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toBe('dmg');
    expect(config.win.target).toBe('nsis');
  });

  it('packages files the build really produces', () => {
    for (const pattern of config.files.filter((entry) => !entry.startsWith('!'))) {
      expect(globSync(pattern, { cwd: root }), pattern).not.toHaveLength(0);
    }
  });

  it('packages the entry points the app starts from', () => {
    const packaged = new Set(config.files.filter((entry) => !entry.startsWith('!')).flatMap((pattern) => globSync(pattern, { cwd: root })));
    for (const entry of [packageJson.main, 'out/preload/index.cjs', 'out/renderer/index.html', ...Object.values(packageJson.bin)]) {
      expect(existsSync(join(root, entry)), entry).toBe(true);
      expect(packaged.has(entry), `${entry} is packaged`).toBe(true);
    }
  });

  it('unpacks only folders that exist', () => {
    for (const pattern of config.asarUnpack) {
      expect(globSync(pattern.replace(/\/\*\*$/, ''), { cwd: root }), pattern).not.toHaveLength(0);
    }
  });

  it('builds the preload as CommonJS, as sandboxed preloads require', () => {
    const preload = readFileSync(join(root, 'out/preload/index.cjs'), 'utf8');
    expect(preload).toMatch(/require\(["']electron["']\)/);
    expect(preload).not.toMatch(/^import /m);
  });
});
