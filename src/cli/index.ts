#!/usr/bin/env node
import { runServerCommand } from './server-command.ts';
import { packageVersion } from './version.ts';

const usage = `memos-sync — keep folders in your MemOS memory

Usage:
  memos-sync server [--host 127.0.0.1] [--port 0] [--data DIR] [--token T]
  memos-sync --version
  memos-sync --help
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'server':
      return runServerCommand(rest);
    case '--version':
    case '-v':
      process.stdout.write(`${packageVersion()}\n`);
      return 0;
    case undefined:
    case '--help':
    case '-h':
      process.stdout.write(usage);
      return 0;
    default:
      process.stderr.write(`memos-sync: unknown command "${command}"\n\n${usage}`);
      return 2;
  }
}

process.exitCode = await main(process.argv.slice(2));
