import { Router } from 'express';
import type { RouterDeps } from '../../../server/platform/deps';
import { collectiveStatement, parsePeriod } from '../../../server/market';
import { apiActor } from '../auth';
import type { EscrowStatementJson } from '../openapi-escrow';

/** Issue 20: the supervised account's statement for other systems: the same use case as the page. */
export function escrowStatementApi(deps: RouterDeps): Router {
  const r = Router();
  r.get('/collectives/:id/escrow-statement', async (req, res) => {
    const at = deps.clock.now();
    const s = await collectiveStatement(deps.db, apiActor(req), req.params.id as string, parsePeriod(req.query, at), 'api.search', at);
    const body: EscrowStatementJson = {
      collectiveId: s.collective.id,
      collective: s.collective.name,
      from: s.period.from,
      to: s.period.to,
      namesMasked: s.namesMasked,
      openingFen: s.openingFen,
      inFen: s.inFen,
      outFen: s.outFen,
      closingFen: s.closingFen,
      heldFen: s.heldFen,
      reconciles: s.reconciles,
      totals: s.totals,
      lines: s.lines.map((l) => ({
        id: l.id,
        day: l.day,
        kind: l.kind,
        amountFen: l.amountFen,
        signedFen: l.signedFen,
        balanceFen: l.balanceFen,
        listingId: l.listingId,
        offerId: l.offerId,
        dealId: l.dealId,
        dealNumber: l.dealNumber,
        household: l.household,
        bankReference: l.bankReference,
        note: l.note,
        recordedAt: l.recordedAt.toISOString(),
      })),
      holdings: s.holdings.map((h) => ({
        holder: h.kind,
        id: h.id,
        listingId: h.listingId,
        dealNumber: h.dealNumber,
        status: h.status,
        household: h.household,
        heldFen: h.heldFen,
        since: h.since,
      })),
    };
    res.json(body);
  });
  return r;
}
