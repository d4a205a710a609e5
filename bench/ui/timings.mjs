// What a user waits for on the interactive pages, measured in Chromium: the first render of a page (the prerendered
// HTML received, first contentful paint, and the circuit taking over: the layout's [data-role=circuit-up] marker) and a
// save's round trip on the yearly data (a value changed to the "已保存" snackbar the server's answer draws). Each figure
// is timed inside the page (performance.now(), a MutationObserver), so the driver's polling adds nothing. The floor is
// a static file of the same app fetched in the same tab and run. Needs Node 20+ (--experimental-websocket) and
// /usr/bin/chromium; run.sh starts the app (Release, SQLite, demo data) and runs this.
//
//   node --experimental-websocket bench/ui/timings.mjs --app http://127.0.0.1:5103 [--runs 30] [--chromium-port 9232]
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) =>
    arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs, []));
const app = args.app ?? 'http://127.0.0.1:5103';
const runs = Number(args.runs ?? 30);
const port = Number(args['chromium-port'] ?? 9232);
const password = args.password ?? 'Demo2026pass';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function until(condition, what, seconds = 300) {
    const end = Date.now() + seconds * 1000;
    for (;;) {
        const value = await condition();
        if (value) return value;
        if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
        await sleep(100);
    }
}

/** The sign-in cookie, through the login form as a browser posts it; and where sign-in sends the user (home). */
async function signIn(user) {
    const form = await fetch(`${app}/account/login`);
    const cookies = form.headers.getSetCookie().map((c) => c.split(';')[0]);
    const html = await form.text();
    const body = new URLSearchParams({
        __RequestVerificationToken: /name="__RequestVerificationToken"[^>]*value="([^"]+)"/.exec(html)[1],
        _handler: 'login', 'Input.UserName': user, 'Input.Password': password,
    });
    const posted = await fetch(`${app}/account/login`, {
        method: 'POST', redirect: 'manual', body,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookies.join('; ') },
    });
    const auth = posted.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('school-assessment='));
    if (!auth) throw new Error(`sign-in of ${user} failed (${posted.status})`);
    return auth;
}

/** A path the user's home leads to: the evaluator's first assessment's items, the staff's school's yearly data. */
async function find(cookie, pattern, what) {
    let url = `${app}/`;
    for (let hops = 0; hops < 3; hops++) {
        const answer = await fetch(url, { redirect: 'manual', headers: { Cookie: cookie } });
        if (answer.status >= 300 && answer.status < 400) { url = new URL(answer.headers.get('location'), url).href; continue; }
        const match = pattern.exec(url) ?? pattern.exec(await answer.text());
        if (match) return match;
        break;
    }
    throw new Error(`no ${what} found from the home page`);
}

/** A minimal CDP client on the browser's socket, with sessions for pages (flatten mode). */
async function connect(webSocketUrl) {
    const socket = new WebSocket(webSocketUrl);
    await new Promise((resolve, reject) => { socket.onopen = resolve; socket.onerror = reject; });
    let next = 0;
    const waiting = new Map();
    socket.onmessage = (m) => {
        const message = JSON.parse(m.data);
        if (message.id !== undefined && waiting.has(message.id)) {
            const { resolve, reject } = waiting.get(message.id);
            waiting.delete(message.id);
            if (message.error) reject(new Error(JSON.stringify(message.error))); else resolve(message.result);
        }
    };
    const send = (method, params = {}, sessionId) => new Promise((resolve, reject) => {
        const id = ++next;
        waiting.set(id, { resolve, reject });
        socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    });
    return { send, close: () => socket.close() };
}

/** A tab of its own (own cookie jar) signed in as the user, with the timing observer installed on every document. */
async function tab(cdp, user) {
    const cookie = await signIn(user);
    const { browserContextId } = await cdp.send('Target.createBrowserContext');
    const [name, ...value] = cookie.split('=');
    await cdp.send('Storage.setCookies', { browserContextId, cookies: [{ name, value: value.join('='), url: app }] });
    const { targetId } = await cdp.send('Target.createTarget', { url: 'about:blank', browserContextId });
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId, flatten: true });
    const page = {
        cookie,
        send: (method, params) => cdp.send(method, params, sessionId),
        async eval(expression) {
            const r = await cdp.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }, sessionId);
            if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description ?? r.exceptionDetails.text);
            return r.result.value;
        },
    };
    await page.send('Page.enable');
    await page.send('Page.addScriptToEvaluateOnNewDocument', {
        source: `(() => {
            const seen = () => { if (!window.__circuitUp && document.querySelector('[data-role=circuit-up]')) window.__circuitUp = performance.now(); };
            new MutationObserver(seen).observe(document, { childList: true, subtree: true });
        })();`,
    });
    return page;
}

/** The items page of the school's assessment: the demo has none, so the leader starts one on the school's page. */
async function assessmentItems(leader, school) {
    await load(leader, `/schools/${school}`);
    const existing = await leader.eval(`document.querySelector('[data-role=assessments] a[href*="assessments/"]')?.getAttribute('href') ?? null`);
    if (existing) return `/${existing.replace(/^\//, '')}/items`;
    await leader.eval(`document.querySelector('[data-role=start]').click()`);
    const path = await until(() => leader.eval(`/^\\/assessments\\/\\d+$/.test(location.pathname) ? location.pathname : null`), 'the new assessment');
    return `${path}/items`;
}

/** One full load of the path: HTML received, first contentful paint, interactive; all from the navigation's start. */
async function load(page, path, interactive = true) {
    await page.send('Page.navigate', { url: `${app}${path}` });
    await until(() => page.eval(`document.readyState === 'complete' && location.pathname === ${JSON.stringify(new URL(path, app).pathname)}`), `${path} loaded`);
    if (interactive) await until(() => page.eval('!!window.__circuitUp'), `the circuit on ${path}`);
    else await sleep(50);
    return page.eval(`(() => {
        const nav = performance.getEntriesByType('navigation')[0];
        const paint = performance.getEntriesByName('first-contentful-paint')[0];
        return { html: nav.responseEnd, paint: paint ? paint.startTime : nav.domContentLoadedEventEnd, interactive: window.__circuitUp ?? null };
    })()`);
}

/** Changes one number on the yearly form and times it to the snackbar the answer draws. */
async function save(page, key, value) {
    return page.eval(`new Promise((resolve, reject) => {
        const input = document.getElementById(${JSON.stringify('in-' + key)});
        if (!input || input.disabled) return reject(new Error('field ${key} not ready'));
        const observer = new MutationObserver((records) => {
            for (const r of records) for (const n of r.addedNodes) {
                if (n.nodeType === 1 && (n.matches('.mud-snackbar') || n.querySelector?.('.mud-snackbar')) && n.textContent.includes('已保存')) {
                    observer.disconnect();
                    return resolve(performance.now() - start);
                }
            }
        });
        observer.observe(document.body, { childList: true, subtree: true });
        input.focus();
        // A value equal to the stored one is not saved again (nothing changed), so never type what is there.
        input.value = input.value === ${JSON.stringify(String(value))} ? ${JSON.stringify(String(value + 1))} : ${JSON.stringify(String(value))};
        const start = performance.now();
        input.dispatchEvent(new Event('change', { bubbles: true }));
        setTimeout(() => { observer.disconnect(); reject(new Error('no 已保存 within 60 s')); }, 60000);
    })`);
}

const quantile = (values, q) => { const s = [...values].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };
const summary = (values) => `p50 ${quantile(values, 0.5).toFixed(0)} ms, p95 ${quantile(values, 0.95).toFixed(0)} ms`;

const profile = mkdtempSync(join(tmpdir(), 'ui-timings-'));
const chromium = spawn('/usr/bin/chromium', ['--headless=new', `--remote-debugging-port=${port}`, `--user-data-dir=${profile}`, '--no-sandbox',
    '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--disable-renderer-backgrounding', '--disable-background-timer-throttling', 'about:blank'], { stdio: 'ignore' });
const cdpOpen = [];
try {
    const version = await until(async () => { try { return await (await fetch(`http://127.0.0.1:${port}/json/version`)).json(); } catch { return null; } }, 'chromium');
    const cdp = await connect(version.webSocketDebuggerUrl);
    cdpOpen.push(cdp);

    const supervisor = await tab(cdp, 'supervisor');
    const leader = await tab(cdp, 'leader');
    const staff = await tab(cdp, 'staff');
    const school = (await find(staff.cookie, /schools\/(\d+)\/dashboard/, 'school of the staff'))[1];
    const items = await assessmentItems(leader, (await find(leader.cookie, /schools\/(\d+)\/dashboard/, 'school of the leader'))[1]);
    const pages = [
        { name: 'supervisor dashboard /dashboard', page: supervisor, path: '/dashboard' },
        { name: `items page ${items} (the leader's self-assessment)`, page: leader, path: items },
        { name: `yearly data /schools/${school}/data`, page: staff, path: `/schools/${school}/data` },
    ];
    // The floor: a static file of the same app, loaded the same way in the same tab (HTML received = its whole answer).
    const floorPath = '/favicon.svg';

    // Warm-up: the first load of each page JITs and fills caches; not counted.
    for (const p of pages) await load(p.page, p.path);
    await load(supervisor, floorPath, false);

    const figures = Object.fromEntries(pages.map((p) => [p.name, { html: [], paint: [], interactive: [] }]));
    const floor = [];
    for (let i = 0; i < runs; i++) {
        // Interleaved, so each page and the floor see the same machine.
        for (const p of pages) {
            const t = await load(p.page, p.path);
            for (const k of ['html', 'paint', 'interactive']) figures[p.name][k].push(t[k]);
        }
        floor.push((await load(supervisor, floorPath, false)).html);
    }
    console.log(`first render, ${runs} loads each, interleaved (ms from the navigation's start):`);
    for (const p of pages) {
        const f = figures[p.name];
        console.log(`  ${p.name}: HTML ${summary(f.html)}; first paint ${summary(f.paint)}; interactive ${summary(f.interactive)}`);
    }
    console.log(`  floor (a static file, same tab): ${summary(floor)}`);

    // Saves: the yearly form's first section's numbers, each a new value, one after the other as a person types.
    await load(staff, `/schools/${school}/data`);
    const keys = await staff.eval(`[...document.querySelectorAll('input.yd-input[type=number]:not([disabled])')].map((i) => i.id.slice(3)).slice(0, 5)`);
    if (keys.length === 0) throw new Error('no number field on the yearly form');
    const rounds = [];
    for (let i = 0; i < runs; i++) rounds.push(await save(staff, keys[i % keys.length], 10 + i));
    console.log(`save round trip on the yearly data (${runs} saves over ${keys.join(', ')}): ${summary(rounds)}`);
    console.log(JSON.stringify({ runs, pages: Object.fromEntries(pages.map((p) => [p.name, Object.fromEntries(Object.entries(figures[p.name])
        .map(([k, v]) => [k, { p50: +quantile(v, 0.5).toFixed(1), p95: +quantile(v, 0.95).toFixed(1) }]))])),
        floor: { p50: +quantile(floor, 0.5).toFixed(1), p95: +quantile(floor, 0.95).toFixed(1) },
        save: { p50: +quantile(rounds, 0.5).toFixed(1), p95: +quantile(rounds, 0.95).toFixed(1) } }));
} finally {
    for (const c of cdpOpen) c.close();
    chromium.kill();
}
