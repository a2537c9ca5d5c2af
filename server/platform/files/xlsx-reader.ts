import type ExcelJS from 'exceljs';
import type { Readable } from 'node:stream';
import { excel } from './excel';
import type { CheckedZip } from './zip-guard';

// exceljs's streaming reader, fed only the entries the zip guard checked (zip-guard.ts), never a
// raw stream of the file: its own parse() walks the local entries in file order (unzipper), so it
// would unpack entries the central directory does not list, and a worksheet that comes before the
// shared strings went to a temporary file. Here the parts are read by name, in the order the
// worksheets need them (relations, workbook, shared strings, styles, then each sheet), from the
// checked archive, whose streams stop at each entry's declared size. exceljs's own part parsers do
// the rest; they are internal (underscore) methods, so the version is pinned in package.json and
// test/unit/xlsx-zip-reading.test.ts reads real workbooks through this class.

type Options = Partial<ExcelJS.stream.xlsx.WorkbookStreamReaderOptions>;
type Event = { eventType: string; value: unknown };
type Parts = {
  _parseRels(s: Readable): Promise<void>;
  _parseWorkbook(s: Readable): Promise<void>;
  _parseSharedStrings(s: Readable): AsyncGenerator<Event>;
  _parseStyles(s: Readable): Promise<void>;
  _parseWorksheet(s: Readable, sheetNo: string): Generator<Event>;
};

const SHEET = /^xl\/worksheets\/sheet(\d+)\.xml$/;

/** The reader over a checked archive (exceljs loaded on first use, excel.ts). */
export async function checkedWorkbookReader(zip: CheckedZip, options: Options): Promise<ExcelJS.stream.xlsx.WorkbookReader> {
  const Reader = await readerClass();
  return new Reader(zip, options);
}

let made: ReturnType<typeof makeReaderClass> | null = null;
const readerClass = async () => (made ??= makeReaderClass(await excel()));

function makeReaderClass(exceljs: typeof ExcelJS) {
  return class CheckedWorkbookReader extends exceljs.stream.xlsx.WorkbookReader {
    constructor(
      private zip: CheckedZip,
      options: Options,
    ) {
      super('', options);
    }

    override async *parse(): AsyncGenerator<Event> {
      const self = this as unknown as Parts;
      const part = async (name: string) => {
        const e = this.zip.get(name);
        return e ? this.zip.open(e) : null;
      };
      const rels = await part('xl/_rels/workbook.xml.rels');
      if (rels) await self._parseRels(rels);
      const book = await part('xl/workbook.xml');
      if (book) await self._parseWorkbook(book);
      const strings = await part('xl/sharedStrings.xml');
      if (strings) yield* self._parseSharedStrings(strings);
      const styles = await part('xl/styles.xml');
      if (styles) await self._parseStyles(styles);
      for (const e of this.zip.entries) {
        const sheetNo = SHEET.exec(e.fileName)?.[1];
        if (sheetNo) yield* self._parseWorksheet(await this.zip.open(e), sheetNo);
      }
    }
  };
}
