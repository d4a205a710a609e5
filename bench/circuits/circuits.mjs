// Managed heap per open circuit on one page: signs in, opens N real circuits (Chromium tabs on the page), waits until
// the server counts them, forces a full GC in the server and reads its managed heap; the floor is the same reading with
// no circuit open, in the same run. Needs Node 20+ (run with --experimental-websocket), /usr/bin/chromium, and an app
// started with Diagnostics:CircuitHeap=true (run.sh does all of it: Release, SQLite, demo data).
//
//   node --experimental-websocket bench/circuits/circuits.mjs --app http://127.0.0.1:5102 --path /schools/2/data \
//        --user staff --password Demo2026pass --counts 50,200 [--chromium-port 9231]
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) =>
    arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs, []));
const app = args.app ?? 'http://127.0.0.1:5102';
const path = args.path ?? '/quick-check';
const counts = (args.counts ?? '50,200').split(',').map(Number);
const port = Number(args['chromium-port'] ?? 9231);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function heap() {
    const answer = await fetch(`${app}/_diagnostics/circuit-heap`);
    if (!answer.ok) throw new Error(`diagnostics answered ${answer.status}: start the app with Diagnostics:CircuitHeap=true`);
    return answer.json();
}

async function until(condition, what, seconds = 600) {
    const end = Date.now() + seconds * 1000;
    for (;;) {
        const value = await condition();
        if (value) return value;
        if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
        await sleep(500);
    }
}

/** The sign-in cookie, through the login form as a browser would post it. */
async function signIn() {
    if (!args.user) return null;
    const form = await fetch(`${app}/account/login`);
    const cookies = form.headers.getSetCookie().map((c) => c.split(';')[0]);
    const html = await form.text();
    const token = /name="__RequestVerificationToken"[^>]*value="([^"]+)"/.exec(html)?.[1];
    const body = new URLSearchParams({ __RequestVerificationToken: token, 'Input.UserName': args.user, 'Input.Password': args.password ?? 'Demo2026pass' });
    // The form's own field names, whatever they are.
    const names = [...html.matchAll(/<input[^>]*name="([^"]+)"/g)].map((m) => m[1]);
    const userField = names.find((n) => /user/i.test(n)) ?? 'Input.UserName';
    const passwordField = names.find((n) => /pass/i.test(n)) ?? 'Input.Password';
    body.delete('Input.UserName'); body.delete('Input.Password');
    body.set(userField, args.user); body.set(passwordField, args.password ?? 'Demo2026pass');
    for (const n of names.filter((n) => n === '_handler')) body.set('_handler', /name="_handler"[^>]*value="([^"]+)"/.exec(html)?.[1] ?? '');
    const posted = await fetch(`${app}/account/login`, {
        method: 'POST', redirect: 'manual', body,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookies.join('; ') },
    });
    const auth = posted.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => !c.startsWith('.AspNetCore.Antiforgery'));
    if (!auth) throw new Error(`sign-in failed (${posted.status})`);
    return auth;
}

async function cdp(url, method, params) {
    const socket = new WebSocket(url);
    await new Promise((resolve, reject) => { socket.onopen = resolve; socket.onerror = reject; });
    const answer = new Promise((resolve) => { socket.onmessage = (m) => resolve(JSON.parse(m.data)); });
    socket.send(JSON.stringify({ id: 1, method, params }));
    const result = await answer;
    socket.close();
    return result;
}

const profile = mkdtempSync(join(tmpdir(), 'circuits-'));
const chromium = spawn('/usr/bin/chromium', ['--headless=new', `--remote-debugging-port=${port}`, `--user-data-dir=${profile}`, '--no-sandbox',
    '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--renderer-process-limit=6', '--disable-renderer-backgrounding', '--disable-background-timer-throttling', 'about:blank'], { stdio: 'ignore' });
try {
    const version = await until(async () => { try { return await (await fetch(`http://127.0.0.1:${port}/json/version`)).json(); } catch { return null; } }, 'chromium');
    const cookie = await signIn();
    if (cookie) {
        const [name, ...value] = cookie.split('=');
        const set = await cdp(version.webSocketDebuggerUrl, 'Storage.setCookies', { cookies: [{ name, value: value.join('='), url: app }] });
        if (set.error) throw new Error(JSON.stringify(set.error));
    }

    // Warm up first: one circuit on the page, so that what every circuit shares (the app's first requests, caches,
    // JIT'd code, start-up garbage) is in the floor, and the floor is the heap with that one circuit open.
    const before = (await heap()).circuits;
    await fetch(`http://127.0.0.1:${port}/json/new?${app}${path}`, { method: 'PUT' });
    await until(async () => (await heap()).circuits >= before + 1, 'the warm-up circuit');
    await sleep(3000);
    await heap();
    const floor = await heap();
    console.log(`page ${path}; floor: ${floor.circuits} circuits, ${(floor.heapBytes / 1048576).toFixed(1)} MB managed heap`);
    let open = 0;
    const rows = [];
    for (const count of counts) {
        for (; open < count; open++) await fetch(`http://127.0.0.1:${port}/json/new?${app}${path}`, { method: 'PUT' });
        await until(async () => (await heap()).circuits >= floor.circuits + count, `${count} circuits`);
        await sleep(3000); // the pages' first renders after the circuit opened
        const reading = await heap();
        const perCircuit = (reading.heapBytes - floor.heapBytes) / (reading.circuits - floor.circuits) / 1048576;
        rows.push({ circuits: reading.circuits - floor.circuits, heapMB: +(reading.heapBytes / 1048576).toFixed(1), perCircuitMB: +perCircuit.toFixed(2) });
        console.log(`${reading.circuits - floor.circuits} circuits: ${(reading.heapBytes / 1048576).toFixed(1)} MB managed heap, ${perCircuit.toFixed(2)} MB per circuit above the floor`);
    }

    console.log(JSON.stringify({ path, floorMB: +(floor.heapBytes / 1048576).toFixed(1), rows }));
} finally {
    chromium.kill();
}
