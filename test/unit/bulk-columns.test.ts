import assert from 'node:assert/strict';
import { getTableColumns, getTableName, is, sql } from 'drizzle-orm';
import { integer, jsonb, PgTable, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import * as schema from '../../models/schema';
import { type BulkRow, insertRows, writtenColumns } from '../../server/platform/bulk-insert';
import type { Handle } from '../../server/platform/db';
import { COLUMNS, LEFT_EMPTY } from '../../scripts/lib/gen/sink';
import { freshDb } from '../helpers/db';

// Issue 14, item 6: the schema is written once (models/). The bulk writers (the import's
// insertRows, the generator's COPY lists) must not skip a column silently when one is added.

const probe = pgTable('bulk_probe', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  added: text('added'),
  count: integer('count').notNull().default(7),
  shape: jsonb('shape'),
});

const tables = (Object.values(schema) as unknown[]).filter((t): t is PgTable => is(t, PgTable));
const noDefault = (t: PgTable) =>
  Object.values(getTableColumns(t))
    .filter((c) => !c.hasDefault)
    .map((c) => c.name);

describe('Bulk writers take their columns from the Drizzle tables (issue 14 item 6)', () => {
  let h: Handle;
  before(async () => {
    h = await freshDb({ as: 'owner' });
    await h.db.execute(
      sql`create table bulk_probe (id uuid primary key default gen_random_uuid(), name text not null, added text, count integer not null default 7, shape jsonb)`,
    );
  });
  after(async () => {
    await h.close();
  });

  it('when a table has a column without a default that no row gives, then the writer still writes it (and the type asks for it)', () => {
    const cols = writtenColumns(probe, [{ name: 'a' }]).map((c) => c.column.name);
    assert.deepEqual(cols, ['name', 'added', 'shape'], 'every column without a default, and no defaulted column nobody gave');
    assert.deepEqual(
      writtenColumns(probe, [{ name: 'a' }, { name: 'b', count: 3 }]).map((c) => c.column.name),
      ['name', 'added', 'count', 'shape'],
      'a defaulted column is written once a row gives it',
    );
    // @ts-expect-error: `added` (no default) must be said, null if empty: a new column is a type error in every bulk writer.
    const missing: BulkRow<typeof probe> = { name: 'a', shape: null };
    const complete: BulkRow<typeof probe> = { name: 'a', added: null, shape: null };
    assert.ok(missing && complete);
  });

  it('when rows are written, then every column the rows give is in the database, defaults fill the rest, and jsonb keeps its shape', async () => {
    await insertRows(h.db, probe, [
      { name: 'one', added: 'x', shape: { type: 'Point', coordinates: [1, 2] } },
      { name: 'two', added: null, shape: null },
    ]);
    const rows = await h.db.select().from(probe).orderBy(probe.name);
    assert.deepEqual(
      rows.map(({ name, added, count, shape }) => ({ name, added, count, shape })),
      [
        { name: 'one', added: 'x', count: 7, shape: { type: 'Point', coordinates: [1, 2] } },
        { name: 'two', added: null, count: 7, shape: null },
      ],
    );
  });

  it('when a row leaves out a column the database needs, then the write is refused, not completed without it', async () => {
    await assert.rejects(insertRows(h.db, probe, [{ added: 'x', shape: null } as unknown as BulkRow<typeof probe>]));
    assert.equal((await h.db.select().from(probe)).filter((r) => r.added === 'x' && r.name === null).length, 0);
  });

  it("when the generator copies a table, then each of the table's columns without a default is written or said to be left empty, and it names only the table's columns", () => {
    for (const [name, list] of Object.entries(COLUMNS)) {
      const table = tables.find((t) => getTableName(t) === name);
      assert.ok(table, `${name} is a table of models/`);
      const all = Object.values(getTableColumns(table)).map((c) => c.name);
      const empty = LEFT_EMPTY[name] ?? [];
      for (const c of noDefault(table))
        assert.ok(list.includes(c) || empty.includes(c), `the generator writes ${name}.${c} or lists it in LEFT_EMPTY`);
      for (const c of [...list, ...empty]) assert.ok(all.includes(c), `${name}.${c} is a column of the table`);
      const notNull = Object.values(getTableColumns(table))
        .filter((c) => c.notNull)
        .map((c) => c.name);
      for (const c of empty) assert.ok(!list.includes(c) && !notNull.includes(c), `${name}.${c} is nullable and not written`);
    }
    for (const name of Object.keys(LEFT_EMPTY)) assert.ok(COLUMNS[name], `${name} is a table the generator writes`);
  });
});
