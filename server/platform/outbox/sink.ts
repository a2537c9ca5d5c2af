import { open, stat } from 'node:fs/promises';

// Reads the development sink (providers.ts fileProvider) back for the /dev/sms page: only
// the end of the file (the newest messages), so a long-running sink never makes a slow page.

export type SinkEntry = {
  id: string;
  at: string;
  to: string;
  userId: string | null;
  collectiveId: string | null;
  template: string;
  text: string;
};

const TAIL_BYTES = 256 * 1024;

export async function readSink(file: string, keep: (e: SinkEntry) => boolean, limit = 50): Promise<SinkEntry[]> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    return [];
  }
  const start = Math.max(0, size - TAIL_BYTES);
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(size - start);
    await fh.read(buf, 0, buf.length, start);
    const lines = buf.toString('utf8').split('\n');
    if (start > 0) lines.shift(); // a line cut by the tail
    const out: SinkEntry[] = [];
    for (const line of lines.reverse()) {
      if (!line.trim()) continue;
      try {
        const e = JSON.parse(line) as SinkEntry;
        if (keep(e)) out.push(e);
      } catch {
        /* a line being written */
      }
      if (out.length >= limit) break;
    }
    return out;
  } finally {
    await fh.close();
  }
}
