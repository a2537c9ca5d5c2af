import autocannon from 'autocannon';
import { PROXY } from './app';

// One load run: autocannon at a fixed concurrency for a fixed time, cycling through the
// scenario's URLs (so caches see many rows, not one). Latencies are kept per request, so
// p50/p95/p99 are exact (autocannon's own summary has no p95).

export type Figures = { requests: number; errors: number; rps: number; p50: number; p95: number; p99: number; mean: number; bytes: number };

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function figuresOf(latencies: number[], errors: number, seconds: number, bytes = 0): Figures {
  const s = [...latencies].sort((a, b) => a - b);
  const r2 = (x: number) => Math.round(x * 100) / 100;
  return {
    requests: s.length,
    errors,
    rps: r2(s.length / seconds),
    p50: r2(percentile(s, 50)),
    p95: r2(percentile(s, 95)),
    p99: r2(percentile(s, 99)),
    mean: r2(s.reduce((a, b) => a + b, 0) / (s.length || 1)),
    bytes,
  };
}

export async function load(
  base: string,
  paths: string[],
  headers: Record<string, string>,
  o: { connections: number; seconds: number },
): Promise<Figures> {
  let i = 0;
  const latencies: number[] = [];
  let errors = 0;
  let bytes = 0;
  const instance = autocannon({
    url: base,
    connections: o.connections,
    duration: o.seconds,
    headers: { ...PROXY, ...headers },
    timeout: 60,
    requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, path: paths[i++ % paths.length] }) }],
  });
  instance.on('response', (_client: unknown, status: number, resBytes: number, ms: number) => {
    if (status >= 200 && status < 300) latencies.push(ms);
    else errors++;
    bytes += resBytes;
  });
  const result = await instance;
  errors += result.errors + result.timeouts;
  return figuresOf(latencies, errors, result.duration, bytes);
}
