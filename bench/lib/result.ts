/** Prints the one line a benchmark is judged by: `RESULT {json}`. Call it exactly once, last. */
export function printResult(result: Record<string, unknown>): void {
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

/** Progress for people; stderr so it never mixes with the RESULT line. */
export function note(line: string): void {
  process.stderr.write(`${line}\n`);
}
