// Shared by widget.test.mjs and bench.mjs: a real supportd on a free port
// with a temporary data folder and one operator, and Debian's Chromium driven
// by playwright-core (never a downloaded browser).
import { execFileSync, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const OPERATOR = { username: 'olivia', password: 'widget-test passphrase 42' };

// Flags for headless Chromium as root in a container (see /work/shared/platform-notes.md).
const CHROMIUM_ARGS = ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

export async function loadPlaywright() {
  try {
    return (await import('playwright-core')).chromium;
  } catch (error) {
    console.error(`widget: cannot load playwright-core (${error.code ?? error.message}): run \`npm ci\` in ${new URL('.', import.meta.url).pathname}`);
    process.exit(1);
  }
}

export function requireChromium() {
  if (!existsSync(CHROMIUM)) {
    console.error(`widget: ${CHROMIUM} is not installed (scripts/install-deps.sh installs chromium): skipped`);
    process.exit(77);
  }
}

export async function launchChromium() {
  const chromium = await loadPlaywright();
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

// Starts `supportd serve --port 0` and reads the port it printed.
export async function startSupportd(binary, { env = {}, args = [] } = {}) {
  if (!binary || !existsSync(binary)) {
    console.error('widget: pass the built supportd binary as the first argument');
    process.exit(1);
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'supportd-widget-'));
  execFileSync(binary, ['user', 'add', OPERATOR.username, '--role', 'agent', '--data-dir', dataDir],
    { input: OPERATOR.password + '\n', stdio: ['pipe', 'ignore', 'pipe'] });
  const child = spawn(binary, ['serve', '--port', '0', '--data-dir', dataDir, ...args],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const port = await new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error('supportd did not start in 30 s:\n' + stderr)), 30000);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = /listening on http:\/\/[^\s:]+:(\d+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`supportd exited (${code}):\n${stderr}`)); });
  });
  child.stdout.resume();
  return {
    port,
    base: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// The operator's side, through the admin API.
export async function operatorApi(base) {
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(OPERATOR),
  });
  if (login.status !== 200) throw new Error(`operator login: ${login.status} ${await login.text()}`);
  const { token } = await login.json();
  const call = async (method, path, body) => {
    const response = await fetch(base + path, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, body: await response.json().catch(() => null) };
  };
  return {
    thread: (id) => call('GET', `/admin/agent/threads/${id}`),
    takeover: (id) => call('POST', `/admin/agent/threads/${id}/takeover`),
    reply: (id, text) => call('POST', `/admin/agent/threads/${id}/reply`, { text }),
  };
}

// The widget's saved thread in a page ({threadId, token, rated, owner}).
export function savedThread(page, server) {
  return page.evaluate((key) => JSON.parse(localStorage.getItem(key) || 'null'), 'supportWidget:' + server);
}

const base64url = (data) => Buffer.from(data).toString('base64url');

// An HS256 JWT, as the WordPress plugin's Supportd_Chat_Jwt::encode makes it.
export function mintJwt(claims, secret) {
  const input = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' })) + '.' + base64url(JSON.stringify(claims));
  return input + '.' + createHmac('sha256', secret).update(input).digest('base64url');
}

// A stand-in for a WordPress site with the supportd-chat plugin, on an origin
// of its own. Its page carries what the plugin's wp_localize_script writes
// (every value a string) and supportd's widget.js; its token route,
// POST /wp-json/supportd/v1/token, answers like the plugin's: the user of the
// login cookie with the page's X-WP-Nonce gets {token, expires_in, expires_at}
// with the plugin's claims, anyone else 401/403. Query parameters of the page:
// lang (a WordPress locale), tamper=1 (the route hands out a token whose
// payload was changed after signing).
export const WORDPRESS_USERS = {
  jane: { id: 7, email: 'jane.doe@example.com', name: 'Jane Doe' },
  lukas: { id: 8, email: 'lukas.weber@example.net', name: 'Lukas Weber' },
};
export const WORDPRESS_COOKIE = 'wordpress_logged_in_test';
const WORDPRESS_NONCE = '5f0c1b2a9e';

export function wordpressSite({ secret, audience = 'supportd' }) {
  const site = { origin: '', serverUrl: '', tokenRequests: 0 };
  const json = (response, status, body) => {
    response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
    response.end(JSON.stringify(body));
  };
  const server = createServer((request, response) => {
    const url = new URL(request.url, site.origin);
    const login = new RegExp(`(?:^|;\\s*)${WORDPRESS_COOKIE}=(\\w+)`).exec(request.headers.cookie || '');
    const user = login ? WORDPRESS_USERS[login[1]] : undefined;
    if (url.pathname === '/wp-json/supportd/v1/token') {
      site.tokenRequests += 1;
      if (request.method !== 'POST') return json(response, 404, { code: 'rest_no_route' });
      if (!user) return json(response, 401, { code: 'rest_forbidden' });
      if (request.headers['x-wp-nonce'] !== WORDPRESS_NONCE) return json(response, 403, { code: 'rest_cookie_invalid_nonce' });
      const now = Math.floor(Date.now() / 1000);
      const claims = { iss: site.origin, aud: audience, sub: String(user.id), email: user.email, name: user.name, iat: now, exp: now + 300 };
      let token = mintJwt(claims, secret);
      if (url.searchParams.get('tamper') === '1') {
        const [head, , signature] = token.split('.');
        token = [head, base64url(JSON.stringify({ ...claims, sub: '8', email: WORDPRESS_USERS.lukas.email })), signature].join('.');
      }
      return json(response, 200, { token, expires_in: 300, expires_at: now + 300 });
    }
    const rest = new URL('/wp-json/supportd/v1/token', site.origin);
    if (url.searchParams.get('tamper') === '1') rest.searchParams.set('tamper', '1');
    const config = {
      serverUrl: site.serverUrl, lang: url.searchParams.get('lang') || 'en-US', restUrl: rest.href,
      nonce: user ? WORDPRESS_NONCE : '', loggedIn: user ? '1' : '',
    };
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><html lang="en-US"><head><meta charset="utf-8"><title>A WordPress shop</title>
<script>var SupportWidgetConfig = ${JSON.stringify(config)};</script>
<script src="${site.serverUrl}/widget.js" defer></script></head><body><h1>A WordPress shop</h1></body></html>`);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    site.origin = `http://127.0.0.1:${server.address().port}`;
    site.close = () => new Promise((done) => server.close(done));
    resolve(site);
  }));
}
