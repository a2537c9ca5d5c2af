import type { UserRow } from '../../../server/accounts/session-user';
import { viewerOf } from '../../../server/accounts/navigation';
import type { Actor } from '../../../server/kernel/actor';
import { fmt } from '../../../server/platform/format';
import { translator } from '../../../server/platform/i18n/index';
import type { pageLocals } from '../../../routes/registry/household-locals';

const t = translator('zh-CN');

/**
 * Everything the household page's template is given when the app renders it for `user` (what the
 * request's middleware puts in res.locals, then the page's own data): for the benchmarks that
 * render the page without the app around it (render-floor.ts, render-loop.ts).
 */
export function householdRenderLocals(user: UserRow, actor: Actor, page: ReturnType<typeof pageLocals>, currentPath: string) {
  return {
    t,
    lang: 'zh-CN',
    fmt,
    user,
    viewer: viewerOf({ ...actor, mustChangePassword: false }),
    flash: { success: [], error: [] },
    csrfToken: () => 'benchmark-token',
    currentPath,
    unreadNotices: 0,
    ...page,
    values: {},
    errors: {},
  };
}
