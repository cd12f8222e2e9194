import { spawn } from 'node:child_process';

/** How this system opens a URL in the person's browser; none on Linux without a display (a server, a container). */
function opener(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): { command: string; args: string[] } | undefined {
  if (platform === 'darwin') return { command: 'open', args: [] };
  // `start` takes its first quoted argument as a window title, hence the empty one.
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""'] };
  if (env.DISPLAY || env.WAYLAND_DISPLAY) return { command: 'xdg-open', args: [] };
  return undefined;
}

/** Opens `url` in the person's browser when there is one; a missing or failing opener is no error, since the URL is printed anyway. */
export function openInBrowser(url: string, platform = process.platform, env = process.env): void {
  const found = opener(platform, env);
  if (!found) return;
  const child = spawn(found.command, [...found.args, url], { stdio: 'ignore', detached: true, windowsVerbatimArguments: platform === 'win32' });
  child.on('error', () => undefined);
  child.unref();
}
