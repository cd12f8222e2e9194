#!/usr/bin/env node
import './quiet-sqlite-warning.ts';
import { runSearchCommand, SEARCH_USAGE } from './search-command.ts';
import { runServerCommand } from './server-command.ts';
import { runStatusCommand, STATUS_USAGE } from './status-command.ts';
import { packageVersion } from './version.ts';
import { runWatchCommand, WATCH_USAGE } from './watch-command.ts';

const usage = `memos-sync — keep folders in your MemOS memory

Usage:
  ${WATCH_USAGE.replaceAll('\n', '\n  ')}
  ${STATUS_USAGE.replaceAll('\n', '\n  ')}
  ${SEARCH_USAGE.replaceAll('\n', '\n  ')}
  memos-sync server [--host 127.0.0.1] [--port 0] [--data DIR] [--token T]
  memos-sync --version
`;

const commands: Record<string, (args: string[]) => Promise<number>> = {
  watch: runWatchCommand,
  status: runStatusCommand,
  search: runSearchCommand,
  server: runServerCommand,
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  if (command === undefined || command === '--help' || command === '-h') {
    process.stdout.write(usage);
    return 0;
  }
  const run = commands[command];
  if (!run) {
    process.stderr.write(`memos-sync: unknown command "${command}"\n\n${usage}`);
    return 2;
  }
  try {
    return await run(rest);
  } catch (error) {
    process.stderr.write(`memos-sync ${command}: ${(error as Error).message}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
