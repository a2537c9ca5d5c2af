import { ValidationError } from '../../kernel/errors';

export type Format = 'xlsx' | 'csv';

/** Upload limits: a 9,999-household collective with all its rights fits well inside both. */
export const MAX_BYTES = 20 * 1024 * 1024;
export const MAX_BYTES_LABEL = '20 MB';
export const MAX_ROWS = 200_000;

const refuse = (code: string, params: Record<string, unknown> = {}) => new ValidationError({ file: { code, params } });

/**
 * Accepts a file by its extension AND its content, so a renamed program or picture is
 * refused: an XLSX is a zip (PK\x03\x04), a CSV is UTF-8 text without NUL bytes.
 */
export function sniffFormat(fileName: string, buf: Buffer): Format {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName.trim())?.[1]?.toLowerCase();
  if (ext !== 'xlsx' && ext !== 'csv') throw refuse('upload.type', { types: 'XLSX, CSV' });
  if (buf.length === 0) throw refuse('upload.empty');
  const zip = buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04;
  if (ext === 'xlsx') {
    if (!zip) throw refuse('upload.type', { types: 'XLSX, CSV' });
    return 'xlsx';
  }
  if (zip || buf.includes(0)) throw refuse('upload.type', { types: 'XLSX, CSV' });
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    // Chinese Excel saves "CSV" as GBK unless "CSV UTF-8" is chosen: say so.
    throw refuse('import.encoding');
  }
  return 'csv';
}
