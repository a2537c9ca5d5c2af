import type { TableRow } from '../../../platform/files/table';
import type { ParcelCtx } from './map-parcels';
import type { CertificateRow, TransferRow } from './rows';
import { Fields, m2CentiToMuCenti } from './values';

// 权证 (CBJYQZ) with its reissues (补发 QZBF, 换发 QZHF) and cancellation (注销 QZZX), attached to
// the contract CBDKXX links it to (or, failing that, the 登记簿's household); 流转合同 (LZHT).

type CertTables = {
  CBJYQZ?: TableRow[];
  CBJYQZDJB?: TableRow[];
  CBJYQZ_QZBF?: TableRow[];
  CBJYQZ_QZHF?: TableRow[];
  CBJYQZ_QZZX?: TableRow[];
};

export function mapCertificates(t: CertTables, ctx: ParcelCtx): void {
  // The 登记簿 names the household; its single contract is the certificate's when CBDKXX is silent.
  const bookHousehold = new Map<string, string>();
  for (const r of t.CBJYQZDJB ?? []) {
    const f = new Fields(ctx.problems, 'CBJYQZDJB', r);
    const code = f.text('CBJYQZBM'),
      household = f.code('CBFBM', 18, false);
    if (code && household) bookHousehold.set(code, household);
  }
  const certs = new Map<string, { cert: CertificateRow; fbf?: string }>();
  for (const r of t.CBJYQZ ?? []) {
    const f = new Fields(ctx.problems, 'CBJYQZ', r);
    const number = f.text('CBJYQZBM', true);
    if (!number) continue;
    const contractNo = ctx.certContract.get(number) ?? soleContractOf(bookHousehold.get(number), ctx);
    const contract = contractNo ? ctx.contracts.get(contractNo) : undefined;
    f.collective = contract?.fbf;
    const seen = certs.get(number);
    if (seen) {
      f.problem('CBJYQZBM', 'cert.duplicate', { code: number, firstRow: seen.cert.row });
      continue;
    }
    const cert: CertificateRow = { row: r.row, number, issuer: f.text('FZJG'), issuedOn: f.date('FZRQ'), reissues: [], cancelled: null };
    certs.set(number, { cert, fbf: contract?.fbf });
    if (!contract) {
      if (!contractNo || !ctx.refused.has(contractNo)) f.problem('CBJYQZBM', 'cert.orphan', { code: number });
      continue;
    }
    contract.c.certificate = cert;
  }
  const event = (table: 'CBJYQZ_QZBF' | 'CBJYQZ_QZHF' | 'CBJYQZ_QZZX', apply: (f: Fields, c: CertificateRow) => void) => {
    for (const r of t[table] ?? []) {
      const f = new Fields(ctx.problems, table, r);
      const number = f.text('CBJYQZBM', true);
      if (!number) continue;
      const hit = certs.get(number);
      f.collective = hit?.fbf;
      if (!hit) {
        f.problem('CBJYQZBM', 'cert.unknown', { code: number });
        continue;
      }
      apply(f, hit.cert);
    }
  };
  event('CBJYQZ_QZBF', (f, c) => c.reissues.push({ row: f.row, kind: 'reissue', on: f.date('BFRQ'), reason: f.text('QZBFYY') }));
  event('CBJYQZ_QZHF', (f, c) => c.reissues.push({ row: f.row, kind: 'exchange', on: f.date('HFRQ'), reason: f.text('QZHFYY') }));
  event('CBJYQZ_QZZX', (f, c) => {
    c.cancelled = { row: f.row, on: f.date('ZXRQ'), reason: f.text('ZXYY') };
  });
}

function soleContractOf(household: string | undefined, ctx: ParcelCtx): string | undefined {
  const list = household ? ctx.households.get(household)?.h.contracts : undefined;
  return list?.length === 1 ? list[0].contractNo : undefined;
}

export function mapTransfers(rows: TableRow[], ctx: ParcelCtx): Map<string, TransferRow[]> {
  const out = new Map<string, TransferRow[]>();
  const seen = new Map<string, number>();
  for (const r of rows) {
    const f = new Fields(ctx.problems, 'LZHT', r);
    const contractNo = f.text('LZHTBM', true);
    // The standard's table B.6 spells the household field CFBBM; exports use either.
    const householdField = f.raw('CBFBM') !== null ? 'CBFBM' : 'CFBBM';
    const household = f.code(householdField, 18, false);
    const landField = f.raw('CBHTBM') !== null ? 'CBHTBM' : 'YCBHTBM';
    const landContractNo = f.text(landField);
    if (household) f.collective = household.slice(0, 14);
    const start = f.date('LZQXKSRQ'),
      end = f.date('LZQXJSRQ');
    const m2 = f.centi('LZMJ'),
      mu = f.centi('LZMJM');
    if (!contractNo) continue;
    if (seen.has(contractNo)) {
      f.problem('LZHTBM', 'lzht.duplicate', { code: contractNo, firstRow: seen.get(contractNo)! });
      continue;
    }
    seen.set(contractNo, r.row);
    if (household && !ctx.households.has(household)) {
      f.problem(householdField, 'lzht.unknownCbf', { code: household });
      continue;
    }
    if (landContractNo && ctx.refused.has(landContractNo)) continue;
    if (landContractNo && !ctx.contracts.has(landContractNo)) {
      f.problem(landField, 'lzht.unknownContract', { code: landContractNo });
      continue;
    }
    if (start && end && end <= start) {
      f.problem('LZQXJSRQ', 'lzht.term', { start, end });
      continue;
    }
    const fbf = household?.slice(0, 14) ?? (landContractNo ? ctx.contracts.get(landContractNo)?.fbf : undefined);
    if (!fbf) continue;
    const list = out.get(fbf) ?? [];
    list.push({
      row: r.row,
      contractNo,
      landContractNo,
      householdCode: household,
      transfereeCode: f.text('SRFBM'),
      mode: f.text('LZFS'),
      startDate: start,
      endDate: end,
      areaMuCenti: mu ?? (m2 === null ? null : m2CentiToMuCenti(m2)),
      parcelCount: f.int('LZDKS'),
      signedOn: f.date('HTQDRQ'),
    });
    out.set(fbf, list);
  }
  return out;
}
