// autocannon ships no type declarations; the benchmark uses the small part typed in load.ts.
declare module 'autocannon' {
  const autocannon: (opts: Record<string, unknown>) => Promise<{ errors: number; timeouts: number; duration: number }> & {
    on(event: 'response', fn: (client: unknown, status: number, bytes: number, ms: number) => void): void;
  };
  export default autocannon;
}
