// Node 24 calls node:sqlite experimental and says so on every start; that line means nothing to
// a person using the command, so it alone is dropped. Imported first, before anything opens SQLite.
const defaultListeners = process.listeners('warning');
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (warning.name === 'ExperimentalWarning' && warning.message.includes('SQLite')) return;
  for (const listener of defaultListeners) listener(warning);
});
