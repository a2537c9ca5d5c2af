import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import JSZip from 'jszip';
import { FileError } from '../../server/platform/files/file-error';
import { openNyt2539Zip, tableNamed } from '../../server/platform/files/nyt2539-package';
import { readShapefile, type ShapefileSet, type ShapeFeature } from '../../server/platform/files/shapefile';
import { readCsvTable, readXlsxTables } from '../../server/platform/files/sheets';
import type { TableChunk } from '../../server/platform/files/table';
import { readZip } from '../../server/platform/files/zip';
import { fieldsOf, writeShapefile } from '../../scripts/lib/nyt2539/shp';
import { nytFixture } from '../helpers/nyt2539';

// The format layer on packages made by scripts/lib/nyt2539: zip, tables (.xlsx, .csv) and
// shapefile sets, each read by its maintained library, and refused clearly when broken.

async function all<T>(it: AsyncIterable<T[]> | AsyncIterable<TableChunk>): Promise<T[]> {
  const out: T[] = [];
  for await (const c of it) out.push(...((Array.isArray(c) ? c : (c as TableChunk).rows) as T[]));
  return out;
}
async function fails(p: Promise<unknown>, code: string, params: Record<string, RegExp> = {}): Promise<FileError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  assert.ok(err instanceof FileError, `expected ${code}, got ${String(err)}`);
  assert.equal(err.code, code, err.message);
  for (const [k, v] of Object.entries(params)) assert.match(String(err.params[k]), v);
  return err;
}
async function zipOf(files: Record<string, Buffer | string>, gbkNames = false): Promise<Buffer> {
  const z = new JSZip();
  for (const [n, d] of Object.entries(files)) z.file(n, d);
  return z.generateAsync({
    type: 'nodebuffer',
    compression: 'DEFLATE',
    ...(gbkNames ? { encodeFileName: (n: string) => iconv.encode(n, 'gbk').toString('latin1') } : {}),
  });
}
async function dkSet(): Promise<ShapefileSet> {
  const pkg = await openNyt2539Zip((await nytFixture()).zip, 'fixture.zip');
  return pkg.layers.DK![0];
}

describe('NY/T 2539 format layer: zip, tables, shapefiles', () => {
  it('when a package is opened, then its parts are found by name under GBK-named folders and nothing else is unpacked', async () => {
    const f = await nytFixture();
    const pkg = await openNyt2539Zip(f.zip, 'fixture.zip');
    assert.deepEqual(pkg.tableFiles, ['4402052016/权属数据/4402052016.xlsx'], 'the GBK entry names (no UTF-8 flag) are decoded');
    assert.deepEqual(Object.keys(pkg.layers).sort(), ['CJQY', 'DK', 'JZD', 'JZX']);
    assert.equal(pkg.layers.DK![0].name, '4402052016/矢量数据/DK4402052016');
    assert.ok(pkg.layers.DK![0].prj && pkg.layers.DK![0].shx && pkg.layers.DK![0].dbf);
    assert.ok(
      pkg.entries.some((e) => e.name.endsWith('说明.txt')),
      'listed',
    );
    const { files } = await readZip(f.zip, 'fixture.zip', (n) => n.endsWith('.prj'));
    assert.equal(files.size, 4, 'only the entries asked for are unpacked');
    assert.equal(tableNamed('cbf_jtcy4402052016.csv'), 'CBF_JTCY');
    assert.equal(tableNamed('家庭成员表.xlsx'), 'CBF_JTCY');
    assert.equal(tableNamed('CBF.csv'), 'CBF');
    assert.equal(tableNamed('说明.txt'), null);
  });

  it('when the tables come as one workbook, then each sheet is its table, rows numbered as Excel shows them, codes kept as text', async () => {
    const pkg = await openNyt2539Zip((await nytFixture()).zip, 'fixture.zip');
    const chunks: TableChunk[] = [];
    for await (const c of pkg.tables()) chunks.push(c);
    const tables = new Map<string, TableChunk['rows']>();
    for (const c of chunks) tables.set(c.table, [...(tables.get(c.table) ?? []), ...c.rows]);
    assert.deepEqual(
      [...tables.keys()],
      ['FBF', 'CBF', 'CBF_JTCY', 'CBHT', 'CBDKXX', 'CBJYQZ', 'CBJYQZDJB', 'CBJYQZ_QZBF', 'LZHT'].filter((t) => tables.has(t)),
    );
    const cbf = tables.get('CBF')!;
    assert.equal(cbf[0].row, 2, 'the header is row 1');
    assert.match(String(cbf[0].values.CBFBM), /^44020510021000\d{4}$/);
    assert.match(String(cbf[0].values.CBFMC), /^\p{Script=Han}{2,4}$/u);
    const { files } = await readZip((await nytFixture()).zip, 'fixture.zip', (n) => n.endsWith('.xlsx'));
    const sizes: number[] = [];
    for await (const c of readXlsxTables([...files.values()][0], 'x.xlsx', (s) => (s === 'CBF' ? 'CBF' : null), 5))
      sizes.push(c.rows.length);
    assert.equal(
      sizes.reduce((a, b) => a + b, 0),
      cbf.length,
      'read in chunks of at most 5, the same rows',
    );
    assert.ok(sizes.length > 1 && sizes.every((n) => n <= 5));
  });

  it('when the tables come as GBK CSV files (Excel on Chinese Windows), then they are decoded and read per file', async () => {
    const f = await nytFixture('clean', { tables: 'csv' });
    const pkg = await openNyt2539Zip(f.zip, 'fixture.zip');
    assert.ok(pkg.tableFiles.some((n) => n.endsWith('/CBF_JTCY.csv')));
    const rows = new Map<string, number>();
    let member: Record<string, unknown> | null = null;
    for await (const c of pkg.tables()) {
      rows.set(c.table, (rows.get(c.table) ?? 0) + c.rows.length);
      if (c.table === 'CBF_JTCY') member ??= c.rows[0].values;
    }
    assert.equal(rows.get('CBF'), f.summary.households);
    assert.equal(rows.get('CBF_JTCY'), f.summary.members);
    assert.match(String(member!.CYXM), /^\p{Script=Han}{2,4}$/u, 'GBK names decoded');
    const utf8 = await all(readCsvTable(Buffer.from('\uFEFFCBFBM,CBFMC\n440205100210000001,张三\n', 'utf8'), 'CBF.csv', 'CBF'));
    assert.deepEqual(utf8, [{ row: 2, values: { CBFBM: '440205100210000001', CBFMC: '张三' } }], 'UTF-8 with a BOM too');
  });

  it('when the DK layer is read, then each feature has its GBK attributes decoded and its shape in the recorded GK metres', async () => {
    const f = await nytFixture();
    const set = await dkSet();
    const features = await all<ShapeFeature>(readShapefile(set, 50));
    assert.equal(features.length, f.summary.dk);
    assert.deepEqual(
      features.slice(0, 3).map((x) => x.row),
      [1, 2, 3],
    );
    const contracted = features.find((x) => x.properties.DKLB === '10')!;
    assert.match(String(contracted.properties.DKBM), /^\d{19}$/);
    assert.match(String(contracted.properties.DKMC), /\p{Script=Han}/u, 'Chinese parcel names come through (GBK, no .cpg)');
    assert.ok(set.dbf!.includes(iconv.encode(String(contracted.properties.DKMC), 'gbk')), 'the written .dbf holds GBK bytes');
    assert.ok(!set.dbf!.includes(Buffer.from(String(contracted.properties.DKMC), 'utf8')), 'and not UTF-8');
    assert.equal(typeof contracted.properties.SCMJ, 'number');
    assert.equal(contracted.geometry?.type, 'Polygon');
    const [x, y] = (contracted.geometry as { coordinates: number[][][] }).coordinates[0][0];
    assert.ok(x > 38_400_000 && x < 38_500_000 && y > 2_700_000 && y < 2_800_000, `zone-prefixed GK metres, got ${x}, ${y}`);
  });

  it('when a .cpg says UTF-8, then the attributes are decoded as UTF-8, not GBK', async () => {
    const rows = [{ DKBM: '4402051002100000001', DKMC: '塘背田' }];
    const files = await writeShapefile(
      'POLYGON',
      rows,
      [
        [
          [
            [0, 0],
            [0, 10],
            [10, 10],
            [10, 0],
            [0, 0],
          ],
        ],
      ],
      fieldsOf(rows, [], 'utf-8'),
      'utf-8',
    );
    const read = await all<ShapeFeature>(readShapefile({ name: 'DK', ...files, cpg: Buffer.from('UTF-8') }));
    assert.equal(read[0].properties.DKMC, '塘背田');
    const wrong = await all<ShapeFeature>(readShapefile({ name: 'DK', ...files }));
    assert.notEqual(wrong[0].properties.DKMC, '塘背田', 'without the .cpg the same bytes are taken as GBK');
    await fails(all(readShapefile({ name: 'DK', ...files, cpg: Buffer.from('KOI8-R') })), 'shp.encoding', { file: /DK\.cpg/ });
  });

  it('when the .dbf is cut short, garbage or missing, or the .shp lost records, then the set is refused naming the file', async () => {
    const set = await dkSet();
    await fails(all(readShapefile({ ...set, dbf: set.dbf!.subarray(0, Math.floor(set.dbf!.length / 2)) })), 'shp.unreadable', {
      file: /DK4402052016\.dbf$/,
      detail: /of \d+ records/,
    });
    await fails(all(readShapefile({ ...set, dbf: Buffer.from('this is not a dBASE file at all, just text') })), 'shp.unreadable', {
      file: /\.dbf$/,
    });
    await fails(all(readShapefile({ ...set, dbf: undefined })), 'shp.missingPart', { part: /\.dbf/ });
    await fails(all(readShapefile({ ...set, shp: set.shp.subarray(0, Math.floor(set.shp.length * 0.7)) })), 'shp.countMismatch');
    await fails(all(readShapefile({ ...set, shp: Buffer.from('nope') })), 'shp.unreadable', { file: /\.shp$/ });
  });

  it('when an archive is broken, has too many entries, unpacks past the limit or is a likely zip bomb, then it is refused before parsing', async () => {
    await fails(
      readZip(Buffer.from('PK not really a zip'), 'a.zip', () => true),
      'zip.unreadable',
      { file: /a\.zip/ },
    );
    const many = await zipOf(Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`f${i}.txt`, 'x'])));
    await fails(
      readZip(many, 'many.zip', () => true, { maxEntries: 10, maxTotalBytes: 1e6, maxRatio: 500 }),
      'zip.tooManyEntries',
      { count: /12/ },
    );
    const big = await zipOf({ 'DK.dbf': Buffer.alloc(300_000, 'abcdefgh') });
    await fails(
      readZip(big, 'big.zip', () => true, { maxEntries: 10, maxTotalBytes: 100_000, maxRatio: 500 }),
      'zip.tooLarge',
    );
    const bomb = await zipOf({ 'DK.dbf': Buffer.alloc(8 * 1024 * 1024, 0) });
    await fails(
      readZip(bomb, 'bomb.zip', () => true),
      'zip.ratio',
      { entry: /DK\.dbf/ },
    );
    const { files } = await readZip(bomb, 'bomb.zip', (n) => n !== 'DK.dbf');
    assert.equal(files.size, 0, 'an entry not asked for is not unpacked, nor counted');
  });

  it('when entry names are GBK with a trail byte equal to "\\" (乗, 俓), then they are decoded as written, not cut at a slash', async () => {
    const z = await zipOf({ '地块数据/乗俓村/DK.shp': 'x', 'CBF.csv': 'y' }, true);
    const { entries, files } = await readZip(z, 'gbk.zip', (n) => n.endsWith('.shp'));
    assert.deepEqual(
      entries
        .map((e) => e.name)
        .filter((n) => !n.endsWith('/'))
        .sort(),
      ['CBF.csv', '地块数据/乗俓村/DK.shp'],
    );
    assert.deepEqual([...files.keys()], ['地块数据/乗俓村/DK.shp']);
  });
});
