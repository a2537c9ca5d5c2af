import assert from 'node:assert/strict';
import request from 'supertest';
import type { Handle } from '../../server/platform/db';
import { freshDb } from '../helpers/db';
import { makeUser, PASSWORD } from '../helpers/factories';
import { csrfFrom, loginAs, testApp, type Agent } from '../helpers/http';

// Open redirects: every redirect whose target comes from the request (the login's next, the
// language switch's back, the notices' next) stays on this site, as a browser reads the
// Location header. Node's URL parser is the WHATWG algorithm browsers use: it drops tabs and
// newlines, reads a backslash as a slash, and resolves a relative reference against the page.

const SITE = 'http://localhost:3000';

const HOSTILE = [
  '/\\evil.example',
  '/\\/evil.example',
  '\\\\evil.example',
  '//evil.example',
  '///evil.example',
  '//evil.example/%2e%2e',
  '/%5Cevil.example',
  '/%2F%2Fevil.example',
  '/\t/evil.example',
  '/\n/evil.example',
  '/\r\n/evil.example',
  '\t//evil.example',
  ' //evil.example',
  '/ /evil.example',
  'https:evil.example',
  'https:/evil.example',
  'https://evil.example',
  'HTTPS://evil.example',
  'javascript:alert(1)',
  'data:text/html,x',
  '/\u3000/evil.example',
  '／／evil.example',
  '/.//evil.example',
  '/../\\evil.example',
  'evil.example',
  '',
  '/%00//evil.example',
];

/** Where a browser on SITE goes with this Location. */
const destination = (location: string | undefined) => new URL(location ?? '', `${SITE}/login`);

describe('Redirect targets from the request stay on this site (no open redirect)', () => {
  let h: Handle;
  let app: ReturnType<typeof testApp>;
  let officer: Agent;
  let username: string;
  before(async () => {
    h = await freshDb();
    app = testApp(h.db);
    username = (await makeUser(h.db, 'admin')).user.username;
    officer = await loginAs(app, username);
  });
  after(async () => {
    await h.close();
  });

  it('when a hostile next, back or form target is given to login, the language switch or the notices, then the browser is sent to a page of this site', async () => {
    const wrong: string[] = [];
    const check = (where: string, value: string, location: string | undefined) => {
      const to = destination(location);
      if (to.origin !== SITE) wrong.push(`${where} ${JSON.stringify(value)} → ${location} (${to.origin})`);
    };
    for (const value of HOSTILE) {
      // The login form carries ?next= into its hidden field; then the post redirects to it.
      const agent = request.agent(app);
      const page = await agent.get('/login').query({ next: value }).expect(200);
      const hidden = /name="next" value="([^"]*)"/.exec(page.text)?.[1] ?? '';
      const login = await agent
        .post('/login')
        .type('form')
        .send({ _csrf: csrfFrom(page.text), username, password: PASSWORD, next: value });
      assert.equal(login.status, 302);
      check('login next', value, login.headers.location);
      check('login form field', value, hidden.replace(/&amp;/g, '&'));
      check('language back', value, (await request(app).get('/lang/en').query({ back: value })).headers.location);
      const read = await officer
        .post('/notifications/read')
        .type('form')
        .send({ _csrf: await officer.csrf(), next: value });
      assert.equal(read.status, 302);
      check('notices next', value, read.headers.location);
    }
    assert.deepEqual(wrong, [], `\n  ${wrong.join('\n  ')}`);
  });

  it('when the target is a path of this site, then it is kept: login returns to the page asked for, the language switch to the page it was on', async () => {
    const agent = request.agent(app);
    const page = await agent.get('/login?next=%2Fhouseholds%3Fq%3D%E6%9D%8E%26page%3D2').expect(200);
    const login = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), username, password: PASSWORD, next: '/households?q=%E6%9D%8E&page=2' });
    assert.equal(login.headers.location, '/households?q=%E6%9D%8E&page=2');
    assert.equal((await request(app).get('/lang/en').query({ back: '/login?next=%2Fmarket' })).headers.location, '/login?next=%2Fmarket');
    const read = await officer
      .post('/notifications/read')
      .type('form')
      .send({ _csrf: await officer.csrf(), next: '/deals/abc' });
    assert.equal(read.headers.location, '/deals/abc');
  });
});
