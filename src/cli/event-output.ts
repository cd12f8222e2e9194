const STATS_INTERVAL_MS = 500;

/** One JSON event per line on stdout; stats at most twice a second. */
export function jsonLines<E extends { type: string }>(): (event: E) => void {
  let lastStatsAt = 0;
  return (event) => {
    if (event.type === 'stats') {
      const now = Date.now();
      if (now - lastStatsAt < STATS_INTERVAL_MS) return;
      lastStatsAt = now;
    }
    process.stdout.write(`${JSON.stringify(event)}\n`);
  };
}

export interface LiveStatus {
  /** A line worth keeping (a problem, a change of state), printed above the status line. */
  note(text: string): void;
  /** Replaces the status line. */
  draw(line: string): void;
  /** Ends the status line, before a summary is printed under it. */
  end(): void;
}

/** Live progress on stdout: on a terminal one line redrawn in place under the notes; elsewhere (a pipe, a log) one line per change. */
export function liveStatus(): LiveStatus {
  const interactive = process.stdout.isTTY === true;
  const clear = interactive ? '\r\u001b[2K' : '';
  let shown = '';
  return {
    note(text) {
      process.stdout.write(`${clear}${text}\n${interactive ? shown : ''}`);
    },
    draw(line) {
      if (line === shown) return;
      shown = line;
      process.stdout.write(interactive ? `${clear}${line}` : `${line}\n`);
    },
    end() {
      if (interactive && shown) process.stdout.write('\n');
    },
  };
}
