import type { Response } from 'express';

export type SecretPage = {
  heading: string;
  message: string;
  secretLabel: string;
  secret: string;
  facts: { label: string; value: string }[];
  back: string;
  mustChange?: boolean;
};

/**
 * Renders a temporary password or token in the POST's own response instead of keeping it in
 * the session for a redirect: it is then stored nowhere, and no cache may keep the page.
 */
export function renderSecret(res: Response, page: SecretPage, status = 200): void {
  res.set('Cache-Control', 'no-store');
  res.status(status).render('accounts/secret', page);
}
