/** A page showing long work (import, export, annual report) reloads itself every 2 s while it runs: no JavaScript needed. */
export function progressLocals(status: string): { running: boolean; refreshSeconds: number } {
  const running = status === 'running';
  return { running, refreshSeconds: running ? 2 : 0 };
}
