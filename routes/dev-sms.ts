import type { RouterDeps } from '../server/platform/deps';
import { Router } from 'express';
import { actorOf, requireRole } from '../server/platform/auth/guards';
import { maySeeMessage } from '../server/accounts/index';
import { NotFound } from '../server/kernel/errors';
import { readSink } from '../server/platform/outbox/sink';

// The development SMS sink (SMS_PROVIDER=file, refused in production by server/platform/config.ts): what
// the farmers' phones would have received. An officer sees the messages to their own
// collective's farmers only; an admin sees all. With any other provider the page does not exist.

export function devSmsRouter(deps: RouterDeps): Router {
  const r = Router();
  r.get('/dev/sms', requireRole('officer', 'admin'), async (req, res) => {
    const sms = deps.config.sms;
    if (sms.provider !== 'file') throw new NotFound();
    const actor = actorOf(req);
    const entries = await readSink(sms.file, (e) => maySeeMessage(actor, e));
    res.set('Cache-Control', 'no-store');
    res.render('accounts/dev-sms', { title: req.t('activation.sink.title'), entries });
  });
  return r;
}
