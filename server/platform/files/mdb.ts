import MDBReader from 'mdb-reader';
import { detailOf, FileError } from './file-error';
import { CHUNK_ROWS, fieldKey, type Cell, type TableChunk } from './table';

// Access databases (.mdb, Jet 3/4, and .accdb) through mdb-reader, a maintained pure-JavaScript
// reader: no ODBC, no Windows. It reads from the whole file in memory (it needs random access
// to pages), and returns rows by offset, so tables are handed out in chunks.

export type MdbTables = { file: string; tableNames: string[]; chunks: (only?: string[], size?: number) => Generator<TableChunk> };

export function openMdb(buf: Buffer, file: string): MdbTables {
  let reader: MDBReader;
  let names: string[];
  try {
    reader = new MDBReader(buf);
    names = reader.getTableNames();
  } catch (err) {
    throw new FileError('mdb.unreadable', { file, detail: detailOf(err) });
  }
  const byKey = new Map(names.map((n) => [fieldKey(n), n]));
  function* chunks(only?: string[], size = CHUNK_ROWS): Generator<TableChunk> {
    const wanted = only ? only.map(fieldKey).filter((k) => byKey.has(k)) : [...byKey.keys()];
    for (const key of wanted) {
      let table: ReturnType<typeof reader.getTable>;
      try {
        table = reader.getTable(byKey.get(key)!);
      } catch (err) {
        throw new FileError('mdb.unreadable', { file, detail: detailOf(err) });
      }
      const columns = table.getColumnNames();
      const keys = columns.map(fieldKey);
      for (let offset = 0; offset < table.rowCount; offset += size) {
        let data: Record<string, unknown>[];
        try {
          data = table.getData({ rowOffset: offset, rowLimit: size });
        } catch (err) {
          throw new FileError('mdb.unreadable', { file, detail: `${key}: ${detailOf(err)}` });
        }
        yield {
          table: key,
          file,
          rows: data.map((d, i) => {
            const values: Record<string, Cell> = {};
            columns.forEach((c, j) => {
              values[keys[j]] = plain(d[c]);
            });
            return { row: offset + i + 1, values };
          }),
        };
      }
    }
  }
  return { file, tableNames: [...byKey.keys()], chunks };
}

/** Attachments, OLE objects and binary columns carry no registry data: they are dropped. */
function plain(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'bigint') return v.toString();
  return null;
}
