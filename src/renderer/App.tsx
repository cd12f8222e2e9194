export function App() {
  return (
    <main>
      <h1>MemOS Sync</h1>
    </main>
  );
}
