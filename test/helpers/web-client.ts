// A browser-like client over fetch for servers in other processes: one cookie jar (the session),
// any instance per request (sessions live in the database), forms posted with the page's CSRF token.

export type Answer = { status: number; location: string | null; text: string };

export class WebClient {
  private cookies = new Map<string, string>();
  constructor(public base: string) {}

  private jar(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      this.cookies.set(pair.slice(0, i).trim(), pair.slice(i + 1));
    }
  }

  private get cookie(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(path: string, base = this.base): Promise<Answer> {
    const res = await fetch(base + path, { redirect: 'manual', headers: { cookie: this.cookie } });
    this.jar(res);
    return { status: res.status, location: res.headers.get('location'), text: await res.text() };
  }

  async post(path: string, form: Record<string, string>, base = this.base): Promise<Answer> {
    const res = await fetch(base + path, {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams(form).toString(),
      headers: { cookie: this.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    });
    this.jar(res);
    return { status: res.status, location: res.headers.get('location'), text: await res.text() };
  }

  /** The CSRF token of this session, from a page any signed-in (or anonymous) user can open. */
  async csrf(base = this.base): Promise<string> {
    const page = await this.get(this.cookies.size ? '/account/password' : '/login', base);
    const m = /name="_csrf" value="([^"]+)"/.exec(page.text) ?? /name="_csrf" value="([^"]+)"/.exec((await this.get('/login', base)).text);
    if (!m) throw new Error(`no CSRF token on ${base} (${page.status})`);
    return m[1];
  }

  async login(username: string, password: string, base = this.base): Promise<Answer> {
    const page = await this.get('/login', base);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    return this.post('/login', { _csrf: token, username, password }, base);
  }
}
