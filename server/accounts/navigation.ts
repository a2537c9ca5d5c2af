import type { Actor } from '../kernel/actor';

// What each role is offered to go to: the menu of every page and the home page's actions. These
// are conveniences, decided here once and never in a view; every route still checks its own
// role and scope (rule 12), so a link shown by mistake leads to a refusal, not to data.

export type MenuItem = { href: string; label: string };

const MENUS: Record<Actor['role'], MenuItem[]> = {
  officer: [
    { href: '/households', label: 'nav.households' },
    { href: '/maps', label: 'maps.map.link' },
    { href: '/imports/new', label: 'nav.imports' },
    { href: '/exports', label: 'nav.exports' },
    { href: '/dividends', label: 'nav.dividends' },
    { href: '/market', label: 'nav.market' },
    { href: '/members', label: 'membership.register.link' },
    { href: '/decisions', label: 'membership.decisions.link' },
    { href: '/extension', label: 'life.extension.link' },
    { href: '/escrow-statement', label: 'escrowStatement.openStatement' },
  ],
  bureau: [
    { href: '/oversight', label: 'oversight.title' },
    { href: '/households', label: 'nav.households' },
    { href: '/maps', label: 'maps.map.link' },
    { href: '/market', label: 'nav.market' },
    { href: '/extension-counties', label: 'life.extension.counties' },
  ],
  farmer: [
    { href: '/my', label: 'nav.myHousehold' },
    { href: '/market', label: 'nav.market' },
    { href: '/market/mine', label: 'market.mine.title' },
    { href: '/decisions', label: 'membership.decisions.link' },
  ],
  admin: [
    { href: '/admin/regions', label: 'nav.regions' },
    { href: '/admin/collectives', label: 'nav.collectives' },
    { href: '/admin/users', label: 'nav.users' },
    { href: '/admin/tokens', label: 'nav.tokens' },
    { href: '/oversight', label: 'oversight.title' },
    { href: '/households', label: 'nav.households' },
    { href: '/market', label: 'nav.market' },
  ],
};

/** The signed-in person as every page's layout shows them: a name and a menu, never the account row. */
export type Viewer = { displayName: string; username: string; mustChangePassword: boolean; menu: MenuItem[] };

export function viewerOf(u: Actor & { mustChangePassword: boolean }): Viewer {
  return { displayName: u.displayName, username: u.username, mustChangePassword: u.mustChangePassword, menu: MENUS[u.role] };
}

/** The home page's introduction and actions for staff (farmers have their household page instead). */
export function homeFor(actor: Actor) {
  const intro = actor.role === 'officer' ? 'home.officerIntro' : actor.role === 'bureau' ? 'home.bureauIntro' : 'home.adminIntro';
  return {
    intro,
    can: {
      search: actor.role !== 'farmer',
      oversee: actor.role === 'bureau' || actor.role === 'admin',
      registerHousehold: actor.role === 'officer',
    },
  };
}

export const HELP_ROLES = ['farmer', 'officer', 'bureau', 'admin'] as const satisfies readonly Actor['role'][];
export type HelpRole = (typeof HELP_ROLES)[number];

/** The help page opens at the reader's own role; a visitor who is not signed in reads the farmers' part. */
export function helpRoleFor(actor: Actor | null): HelpRole {
  return actor?.role ?? 'farmer';
}
