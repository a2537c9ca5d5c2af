import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { escrowEntries } from '../../models/escrow';
import { personalReads } from '../../models/audit';
import type { Handle } from '../../server/platform/db';
import { testClock } from '../helpers/clock';
import { freshDb } from '../helpers/db';
import { escrowWorld, FIG } from '../helpers/escrow-world';
import { makeCollective, makeUser, VILLAGE_B } from '../helpers/factories';
import { loginAs, testApp, type Agent } from '../helpers/http';
import { COUNTY_A, COUNTY_B } from '../helpers/oversight-factories';

// Issue 20 item 3: the statement of a collective's supervised account (资金监管对账单) reconciles
// to the fen — closing = opening + money in − money out, and closing = what is still held per
// bid and per contract — on the page, in the CSV and in the XLSX; the collective's officers and
// the bureau of its region read it, nobody else; the households shown count as a read.

/** The figure a page shows in an element's data-fen attribute. */
function fenOf(html: string, id: string): number {
  const m = new RegExp(`id="${id}" data-fen="(-?\\d+)"`).exec(html);
  assert.ok(m, `no figure #${id} on the page`);
  return Number(m[1]);
}
const rowsOf = (html: string, table: string) => {
  const body = new RegExp(`<table id="${table}">[\\s\\S]*?<tbody>([\\s\\S]*?)</tbody>`).exec(html);
  return body ? (body[1].match(/<tr>/g) ?? []).length : 0;
};
const fen = (yuan: unknown) => Math.round(Number(yuan) * 100);

describe('Supervised account statement (issue 20 item 3: 资金监管对账单 reconciles to the fen)', () => {
  let h: Handle;
  let w: Awaited<ReturnType<typeof escrowWorld>>;
  let officer: Agent;
  let bureau: Agent;
  let app: ReturnType<typeof testApp>;
  const clock = testClock('2026-06-01T04:00:00Z');
  // Before the period: 3 deposits in, one refunded, the shares deposit in.
  const opening = 3 * FIG.deposit - FIG.deposit + FIG.sharesDeposit;
  // In it (21 March): the loser's deposit refunded and both winners' deposits credited (moves);
  // the price paid in (25 March); the shares buyer walks away and forfeits (5 April).
  const inFen = FIG.price - FIG.deposit;
  const outFen = FIG.sharesDeposit + FIG.deposit;
  const closing = opening + inFen - outFen;
  const period = 'from=2026-03-20&to=2026-04-30';

  before(async function () {
    this.timeout(300_000); // a whole bidding through the market's use cases, on a shared machine
    h = await freshDb();
    app = testApp(h.db, {}, clock);
    w = await escrowWorld(h.db);
    officer = await loginAs(app, w.officerUser.username);
    bureau = await loginAs(app, (await makeUser(h.db, 'bureau', { regionCode: COUNTY_A })).user.username);
  });
  after(async () => {
    await h?.close();
  });

  it('when the officer opens a period, then closing = opening + in − out = the sum held per bid and contract, to the fen', async () => {
    const page = await officer.get(`/collectives/${w.c.id}/escrow-statement?${period}`).expect(200);
    assert.equal(fenOf(page.text, 'escrow-closing'), closing);
    assert.equal(closing, FIG.price);
    assert.equal(fenOf(page.text, 'escrow-held'), closing);
    assert.match(page.text, /已核对/);
    // Five movements in the period, each with its day, household and bank reference.
    assert.equal(rowsOf(page.text, 'escrow-lines'), 5);
    assert.match(page.text, /2026-03-25[\s\S]*?59,000\.37[\s\S]*?王大明[\s\S]*?PR-0325-A/);
    // Still held at 30 April: the contract's price with the deposit credited to it, nothing else.
    assert.equal(rowsOf(page.text, 'escrow-held-list'), 1);
    assert.ok(page.text.includes(`data-fen="${FIG.price}"`));
    assert.ok(page.text.includes(w.deal1.number));
    // The database holds exactly these movements up to the period's end.
    const all = await h.db.select().from(escrowEntries).where(eq(escrowEntries.collectiveId, w.c.id));
    const upTo = all.filter((e) => (e.valueDate ?? e.createdAt.toISOString().slice(0, 10)) <= '2026-04-30');
    const sign = (k: string) => (k.endsWith('_in') ? 1 : k === 'deposit_to_price' ? 0 : -1);
    assert.equal(
      upTo.reduce((s, e) => s + sign(e.kind) * e.amountFen, 0),
      closing,
    );
  });

  it("when the officer follows the menu's entry, then it opens their own collective's statement", async () => {
    const home = await officer.get('/').expect(200);
    assert.match(home.text, /href="\/escrow-statement"[^>]*>资金监管对账单</);
    const go = await officer.get('/escrow-statement').expect(302);
    assert.equal(go.headers.location, `/collectives/${w.c.id}/escrow-statement`);
  });

  it('when the whole year is asked for, then the open land deposit is in, and it still reconciles', async () => {
    const page = await officer.get(`/collectives/${w.c.id}/escrow-statement`).expect(200);
    assert.match(page.text, /value="2026-01-01"/);
    assert.match(page.text, /value="2026-06-01"/);
    const expected = FIG.price + FIG.landDeposit;
    assert.equal(fenOf(page.text, 'escrow-closing'), expected);
    assert.equal(fenOf(page.text, 'escrow-held'), expected);
    assert.equal(rowsOf(page.text, 'escrow-lines'), 11);
  });

  it('when the officer downloads the CSV, then it is UTF-8 with a BOM and its figures parse back to the same fen', async () => {
    const res = await officer.get(`/collectives/${w.c.id}/escrow-statement.csv?${period}`).buffer(true).expect(200);
    assert.match(res.headers['content-type'], /text\/csv; charset=utf-8/);
    assert.match(res.headers['content-disposition'], /attachment; filename="escrow-statement-2026-03-20-2026-04-30\.csv"/);
    const bytes = res.body instanceof Buffer ? res.body : Buffer.from(res.text, 'utf8');
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const rows: string[][] = parse(bytes.subarray(3).toString('utf8'), { relax_column_count: true, skip_empty_lines: false });
    const value = (label: string) => fen(rows.find((r) => r[0] === label)?.[1]);
    assert.equal(value('期初余额'), opening);
    assert.equal(value('本期收入合计'), inFen);
    assert.equal(value('本期支出合计'), outFen);
    assert.equal(value('期末余额'), closing);
    assert.equal(value('尚在监管的款项合计'), closing);
    // The movements: in − out adds up to the change of balance; the last balance is the closing one.
    const start = rows.findIndex((r) => r[0] === '日期');
    const lines = rows.slice(
      start + 1,
      rows.findIndex((r, i) => i > start && r.length <= 1),
    );
    assert.equal(lines.length, 5);
    assert.equal(
      lines.reduce((s, r) => s + fen(r[2] || 0) - fen(r[3] || 0), 0),
      closing - opening,
    );
    assert.equal(fen(lines[lines.length - 1][5]), closing);
    assert.ok(lines.some((r) => r[7] === w.b1.household.code && r[8] === '王大明' && r[9] === 'PR-0325-A'));
  });

  it('when the officer downloads the XLSX, then exceljs reads the same figures back, sheet by sheet', async () => {
    const res = await officer
      .get(`/collectives/${w.c.id}/escrow-statement.xlsx?${period}`)
      .buffer(true)
      .parse((r, cb) => {
        const parts: Buffer[] = [];
        r.on('data', (c: Buffer) => parts.push(c));
        r.on('end', () => cb(null, Buffer.concat(parts)));
      })
      .expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as never);
    assert.deepEqual(
      wb.worksheets.map((s) => s.name),
      ['汇总', '收支明细', '尚在监管的款项'],
    );
    const values = (name: string) => {
      const out: unknown[][] = [];
      wb.getWorksheet(name)!.eachRow((r) => out.push((r.values as unknown[]).slice(1)));
      return out;
    };
    const summary = values('汇总');
    const v = (label: string) => fen(summary.find((r) => r[0] === label)?.[1]);
    assert.equal(v('期初余额'), opening);
    assert.equal(v('期末余额'), closing);
    assert.equal(v('收取价款'), inFen);
    assert.equal(v('罚没保证金'), FIG.sharesDeposit);
    assert.equal(v('保证金转作价款'), FIG.deposit + FIG.sharesDeposit);
    const held = values('尚在监管的款项').slice(2);
    const total = held[held.length - 1];
    assert.equal(total[0], '尚在监管的款项合计');
    assert.equal(fen(total[6]), closing);
    assert.equal(
      held.slice(0, -1).reduce((s, r) => s + fen(r[6]), 0),
      closing,
    );
    const lines = values('收支明细').slice(2);
    assert.equal(lines.length, 5);
    assert.equal(fen(lines[4][5]), closing);
  });

  it('when the officer reads and downloads, then the households shown are counted as a read of personal data', async () => {
    const [before] = await h.db
      .select()
      .from(personalReads)
      .where(and(eq(personalReads.userId, w.officerUser.id), eq(personalReads.day, '2026-06-01')));
    await officer.get(`/collectives/${w.c.id}/escrow-statement.csv?${period}`).expect(200);
    const [after] = await h.db
      .select()
      .from(personalReads)
      .where(and(eq(personalReads.userId, w.officerUser.id), eq(personalReads.day, '2026-06-01')));
    // 王大明 (the contract's buyer) and 李小红 (the lost bid's deposit still held, and the forfeit's bidder).
    assert.equal(after.persons - (before?.persons ?? 0), 2);
  });

  it('when the bureau of the county reads it, then the figures are the same and the names are masked (rule 14)', async () => {
    const page = await bureau.get(`/collectives/${w.c.id}/escrow-statement?${period}`).expect(200);
    assert.equal(fenOf(page.text, 'escrow-closing'), closing);
    assert.ok(!page.text.includes('王大明'));
    assert.ok(page.text.includes('王**'));
    assert.match(page.text, /部分隐藏/);
  });

  it("when another collective's officer, another county's bureau or a farmer asks, then 404 or 403 and nothing is shown", async () => {
    const other = await makeCollective(h.db, { regionCode: VILLAGE_B });
    const outsider = await loginAs(app, (await makeUser(h.db, 'officer', { collectiveId: other.id })).user.username);
    const farBureau = await loginAs(app, (await makeUser(h.db, 'bureau', { regionCode: COUNTY_B })).user.username);
    const farmer = await loginAs(app, w.sellerUser.username);
    for (const url of [
      `/collectives/${w.c.id}/escrow-statement`,
      `/collectives/${w.c.id}/escrow-statement.csv`,
      `/deals/${w.deal1.id}/escrow-statement`,
    ]) {
      const a = await outsider.get(url);
      assert.equal(a.status, 404, url);
      assert.ok(!a.text.includes('王大明'));
      assert.equal((await farBureau.get(url)).status, 404, url);
      assert.equal((await farmer.get(url)).status, 403, url);
    }
  });

  it('when the period is malformed or ends before it starts, then 422 with the message beside the field', async () => {
    const bad = await officer.get(`/collectives/${w.c.id}/escrow-statement?from=2026-02-30`).expect(422);
    assert.match(bad.text, /请输入有效日期/);
    const back = await officer.get(`/collectives/${w.c.id}/escrow-statement?from=2026-05-01&to=2026-04-01`).expect(422);
    assert.match(back.text, /结束日期必须晚于开始日期/);
    // A collective out of scope answers 404 before its dates are looked at.
    const other = await makeCollective(h.db, { regionCode: VILLAGE_B });
    const outsider = await loginAs(app, (await makeUser(h.db, 'officer', { collectiveId: other.id })).user.username);
    assert.equal((await outsider.get(`/collectives/${w.c.id}/escrow-statement?from=2026-02-30`)).status, 404);
  });

  it("when the deal's statement is opened, then it shows the winner's deposit from the day it came in, the credit and the price, and nothing of the losers", async () => {
    const page = await officer.get(`/deals/${w.deal1.id}/escrow-statement`).expect(200);
    assert.ok(page.text.includes(w.deal1.number));
    assert.equal(rowsOf(page.text, 'escrow-lines'), 3);
    assert.ok(page.text.includes('BK-0311-A'));
    assert.ok(!page.text.includes('BK-0311-B'));
    assert.ok(!page.text.includes('RF-0313-C'));
    assert.equal(fenOf(page.text, 'escrow-closing'), FIG.price);
    assert.equal(fenOf(page.text, 'escrow-held'), FIG.price);
    const csv = await officer.get(`/deals/${w.deal1.id}/escrow-statement.csv`).buffer(true).expect(200);
    assert.match(String(csv.text), /期末余额,60000\.37/);
  });

  it("when staff open the deal's page, then it links its statement; the seller's own page does not (staff only)", async () => {
    const link = `href="/deals/${w.deal1.id}/escrow-statement"`;
    assert.ok((await officer.get(`/deals/${w.deal1.id}`).expect(200)).text.includes(link));
    const seller = await loginAs(app, w.sellerUser.username);
    const own = await seller.get(`/deals/${w.deal1.id}`).expect(200);
    assert.ok(own.text.includes('id="escrow"'), "the seller sees the deal's money section");
    assert.ok(!own.text.includes(link));
  });

  it('when a movement is recorded against no bid and no contract, then the statement says it does not reconcile (the check can fail)', async () => {
    await h.db.insert(escrowEntries).values({
      collectiveId: w.c.id,
      regionCode: w.c.regionCode,
      listingId: w.l3.id,
      kind: 'price_in',
      amountFen: 1_234,
      valueDate: '2026-05-31',
      bankReference: 'ORPHAN-1',
    });
    const page = await officer.get(`/collectives/${w.c.id}/escrow-statement`).expect(200);
    assert.equal(fenOf(page.text, 'escrow-closing'), FIG.price + FIG.landDeposit + 1_234);
    assert.equal(fenOf(page.text, 'escrow-held'), FIG.price + FIG.landDeposit);
    assert.match(page.text, /对账不符/);
    assert.doesNotMatch(page.text, /已核对/);
  });
});
