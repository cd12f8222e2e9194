/**
 * Benchmark runner: `node bench/run.ts NAME [args…]` runs bench/NAME/index.ts with this same
 * Node binary (the project's Node 24) and exits with its code.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = dirname(fileURLToPath(import.meta.url));
const [name, ...args] = process.argv.slice(2);
const available = readdirSync(benchDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(benchDir, entry.name, 'index.ts')))
  .map((entry) => entry.name);

if (!name || !/^[a-z0-9-]+$/.test(name) || !available.includes(name)) {
  console.error(`usage: npm run bench -- NAME [args…]\nbenchmarks: ${available.join(', ') || '(none)'}`);
  process.exit(2);
}

const child = spawn(process.execPath, [join(benchDir, name, 'index.ts'), ...args], { stdio: 'inherit' });
child.on('exit', (code, signal) => {
  if (signal) console.error(`bench ${name} killed by ${signal}`);
  process.exit(code ?? 1);
});
