import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { FileError } from '../../server/platform/files/file-error';
import { openMdb } from '../../server/platform/files/mdb';
import { checkNyt2539 } from '../../server/registry/import/nyt2539/check';
import { nytFixture, TODAY } from '../helpers/nyt2539';

// mdb-reader on a real Access (Jet 4) file: the example database of the npm package node-adodb
// (MIT, see test/fixtures/mdb/README.md). No tool here can write an Access file, so the NY/T
// table mapping itself is tested on the XLSX/CSV form; this proves the reader and the way the
// package reader hands an .mdb to the mapping.

const file = path.join(import.meta.dirname, '../fixtures/mdb/node-adodb.mdb');
const mdb = readFileSync(file);

describe('NY/T 2539 .mdb reader (mdb-reader) on a real Access file', () => {
  it('when the file is the one documented, then it is the Jet database we ship', () => {
    assert.equal(createHash('sha256').update(mdb).digest('hex'), '6a81cfef5bc61186578222f00bcff65fb0cb5b14dc142f58db5e9d8f5731ddcc');
  });

  it('when an Access database is opened, then its tables are listed and read in chunks of typed rows, Chinese text included', () => {
    const db = openMdb(mdb, 'node-adodb.mdb');
    assert.deepEqual(db.tableNames, ['USERS']);
    const chunks = [...db.chunks(['users', 'FBF'], 2)];
    assert.deepEqual(
      chunks.map((c) => [c.table, c.rows.length]),
      [
        ['USERS', 2],
        ['USERS', 1],
      ],
      'a missing table is skipped; chunks of 2',
    );
    const rows = chunks.flatMap((c) => c.rows);
    assert.deepEqual(
      rows.map((r) => r.row),
      [1, 2, 3],
    );
    const zhang = rows[2].values;
    assert.equal(zhang.USERNAME, '张三');
    assert.equal(zhang.USERSEX, '男');
    assert.equal(zhang.USERID, 3);
    assert.equal(zhang.USERMARRIED, true);
    assert.ok(zhang.USERBIRTHDAY instanceof Date);
    assert.equal((zhang.USERBIRTHDAY as Date).toISOString().slice(0, 10), '1986-12-18');
  });

  it('when the file is not an Access database, then it is refused naming the file', () => {
    assert.throws(
      () => openMdb(Buffer.alloc(4096, 7), 'broken.mdb'),
      (e: unknown) => e instanceof FileError && e.code === 'mdb.unreadable' && e.params.file === 'broken.mdb',
    );
  });

  it('when a package holds an .mdb without the NY/T tables, then the database is the table source and each missing table is named', async () => {
    const z = await JSZip.loadAsync((await nytFixture()).zip);
    for (const name of Object.keys(z.files)) if (name.includes('权属数据')) z.remove(name);
    z.file('4402052016/权属数据/4402052016.mdb', mdb);
    const res = await checkNyt2539(await z.generateAsync({ type: 'nodebuffer' }), 'package.zip', { today: TODAY });
    assert.equal(res.fatal, null);
    assert.deepEqual(res.loaded?.tableFiles, ['4402052016/权属数据/4402052016.mdb']);
    assert.deepEqual(
      res.problems.filter((p) => p.code === 'table.missing').map((p) => p.table),
      ['FBF', 'CBF', 'CBF_JTCY', 'CBHT', 'CBDKXX'],
    );
    assert.deepEqual(res.collectives, [], 'nothing to write');
  });
});
