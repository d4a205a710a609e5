// Chromium over the DevTools protocol for the UI benches (timings.mjs, ../circuits/circuits.mjs): sign-in through the
// login form, tabs with their own cookie jar, full page loads timed inside the page. No dependency but Node 20+
// (run with --experimental-websocket) and /usr/bin/chromium.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function until(condition, what, seconds = 300) {
    const end = Date.now() + seconds * 1000;
    for (;;) {
        const value = await condition();
        if (value) return value;
        if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
        await sleep(100);
    }
}

/** The sign-in cookie, through the login form as a browser posts it; and where sign-in sends the user (home). */
export async function signIn(app, user, password) {
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
export async function find(app, cookie, pattern, what) {
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
export async function connect(webSocketUrl) {
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
export async function tab(cdp, app, user, password) {
    const cookie = await signIn(app, user, password);
    const { browserContextId } = await cdp.send('Target.createBrowserContext');
    const [name, ...value] = cookie.split('=');
    await cdp.send('Storage.setCookies', { browserContextId, cookies: [{ name, value: value.join('='), url: app }] });
    const { targetId } = await cdp.send('Target.createTarget', { url: 'about:blank', browserContextId });
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId, flatten: true });
    const page = {
        app, cookie,
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
export async function assessmentItems(leader, school) {
    await load(leader, `/schools/${school}`);
    const existing = await leader.eval(`document.querySelector('[data-role=assessments] a[href*="assessments/"]')?.getAttribute('href') ?? null`);
    if (existing) return `/${existing.replace(/^\//, '')}/items`;
    await leader.eval(`document.querySelector('[data-role=start]').click()`);
    const path = await until(() => leader.eval(`/^\\/assessments\\/\\d+$/.test(location.pathname) ? location.pathname : null`), 'the new assessment');
    return `${path}/items`;
}

/** One full load of the path: HTML received, first contentful paint, interactive; all from the navigation's start. */
export async function load(page, path, interactive = true) {
    await page.send('Page.navigate', { url: `${page.app}${path}` });
    await until(() => page.eval(`document.readyState === 'complete' && location.pathname === ${JSON.stringify(new URL(path, page.app).pathname)}`), `${path} loaded`);
    if (interactive) await until(() => page.eval('!!window.__circuitUp'), `the circuit on ${path}`);
    else await sleep(50);
    return page.eval(`(() => {
        const nav = performance.getEntriesByType('navigation')[0];
        const paint = performance.getEntriesByName('first-contentful-paint')[0];
        return { html: nav.responseEnd, paint: paint ? paint.startTime : nav.domContentLoadedEventEnd, interactive: window.__circuitUp ?? null };
    })()`);
}

/**
 * Changes one number on the yearly form and times it to the server's answer: the page's UnsavedValues script marks the
 * field data-unsaved="pending" as the change happens and clears it when the server acknowledges the save. (The 已保存
 * snackbar is no clock: MudBlazor shows five at a time and queues the next until one has gone, about 5 s.)
 */
export async function save(page, key, value) {
    return page.eval(`new Promise((resolve, reject) => {
        const input = document.getElementById(${JSON.stringify('in-' + key)});
        if (!input || input.disabled) return reject(new Error('field ${key} not ready'));
        let start = 0;
        const observer = new MutationObserver(() => {
            if (start && input.dataset.unsaved === undefined) {
                observer.disconnect();
                resolve(performance.now() - start);
            }
        });
        observer.observe(input, { attributes: true, attributeFilter: ['data-unsaved'] });
        input.focus();
        // A value equal to the stored one is not saved again (nothing changed), so never type what is there.
        input.value = input.value === ${JSON.stringify(String(value))} ? ${JSON.stringify(String(value + 1))} : ${JSON.stringify(String(value))};
        start = performance.now();
        input.dispatchEvent(new Event('change', { bubbles: true }));
        if (input.dataset.unsaved !== 'pending') { observer.disconnect(); reject(new Error('the change was not kept as pending')); }
        setTimeout(() => { observer.disconnect(); reject(new Error('no answer within 60 s')); }, 60000);
    })`);
}

/** A headless Chromium with its DevTools port open, and the protocol connected to it. */
export async function launch(port) {
    const profile = mkdtempSync(join(tmpdir(), 'ui-bench-'));
    const process = spawn('/usr/bin/chromium', ['--headless=new', `--remote-debugging-port=${port}`, `--user-data-dir=${profile}`, '--no-sandbox',
        '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--renderer-process-limit=6', '--disable-renderer-backgrounding', '--disable-background-timer-throttling', 'about:blank'], { stdio: 'ignore' });
    try {
        const version = await until(async () => { try { return await (await fetch(`http://127.0.0.1:${port}/json/version`)).json(); } catch { return null; } }, 'chromium');
        const cdp = await connect(version.webSocketDebuggerUrl);
        return { cdp, close: () => { cdp.close(); process.kill(); } };
    } catch (e) {
        process.kill();
        throw e;
    }
}
