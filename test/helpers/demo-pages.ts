import { and, eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { users } from '../../models/accounts';
import { certificates } from '../../models/certificates';
import { households, members } from '../../models/households';
import { collectives } from '../../models/regions';
import { rights } from '../../models/rights';
import type { Db } from '../../server/platform/db';
import { injectAxe, rulesBelowSerious } from './axe';

/** The records of server/demo/seed.ts that the browser tests open. */
export async function demoIds(db: Db) {
  const byCode = async (code: string) => (await db.select().from(households).where(eq(households.code, code)))[0];
  const li = await byCode('440205100201000001');
  const huang = await byCode('440205100201000003');
  const [longgang] = await db.select().from(collectives).where(eq(collectives.id, li.collectiveId));
  const cert = async (kind: 'land' | 'homestead' | 'shares') =>
    (
      await db
        .select({ id: certificates.id, token: certificates.verifyToken })
        .from(certificates)
        .innerJoin(rights, eq(rights.id, certificates.rightId))
        .where(and(eq(rights.householdId, li.id), eq(rights.kind, kind), eq(certificates.status, 'valid')))
    )[0];
  const [spouse] = await db
    .select()
    .from(members)
    .where(and(eq(members.householdId, li.id), eq(members.relation, 'spouse')));
  const [farmerLi] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'farmer_li'));
  return { li, huang, longgang, landCert: await cert('land'), homeCert: await cert('homestead'), spouse, farmerLi };
}

export type AxeViolation = { id: string; impact: string; help: string; nodes: { target: string[]; failureSummary?: string }[] };

/**
 * Runs axe-core in the page and returns its serious and critical violations. Rules that can only
 * report minor or moderate ones are left out of the run (axe.ts, rulesBelowSerious): same result.
 */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await injectAxe(page);
  const off = await rulesBelowSerious(page);
  const result = await page.evaluate(async (off) => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    return axe.run(document, { resultTypes: ['violations'], rules: Object.fromEntries(off.map((id) => [id, { enabled: false }])) });
  }, off);
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export function describeViolations(list: AxeViolation[]): string {
  return list
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help}\n${v.nodes
          .slice(0, 5)
          .map((n) => `    ${n.target.join(' ')} — ${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 200)}`)
          .join('\n')}`,
    )
    .join('\n');
}

/** True when the page scrolls sideways (something wider than the screen). */
export async function overflowsSideways(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width + 1) return null;
    const wide = [...document.querySelectorAll('body *')].find(
      (el) => el.getBoundingClientRect().right > width + 1 && !el.closest('.table-wrap, .leaflet-container'),
    );
    return wide ? `${wide.tagName.toLowerCase()}${wide.id ? '#' + wide.id : ''}.${[...wide.classList].join('.')}` : 'page';
  });
}
