// What a user waits for on the interactive pages, measured in Chromium: the first render of a page (the prerendered
// HTML received, first contentful paint, and the circuit taking over: the layout's [data-role=circuit-up] marker) and a
// save's round trip on the yearly data (a value changed to the server acknowledging its save to the page). Each figure
// is timed inside the page (performance.now(), a MutationObserver), so the driver's polling adds nothing. The floor is
// a static file of the same app loaded in the same tab, interleaved. run.sh starts the app (Release, SQLite, demo data).
//
//   node --experimental-websocket bench/ui/timings.mjs --app http://127.0.0.1:5103 [--runs 30] [--chromium-port 9232]
import { assessmentItems, find, launch, load, save, tab, until } from './cdp.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) =>
    arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs, []));
const app = args.app ?? 'http://127.0.0.1:5103';
const runs = Number(args.runs ?? 30);
const port = Number(args['chromium-port'] ?? 9232);
const password = args.password ?? 'Demo2026pass';

const quantile = (values, q) => { const s = [...values].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };
const summary = (values) => `p50 ${quantile(values, 0.5).toFixed(0)} ms, p95 ${quantile(values, 0.95).toFixed(0)} ms`;

const chromium = await launch(port);
try {
    const cdp = chromium.cdp;
    const supervisor = await tab(cdp, app, 'supervisor', password);
    const leader = await tab(cdp, app, 'leader', password);
    const staff = await tab(cdp, app, 'staff', password);
    const school = (await find(app, staff.cookie, /schools\/(\d+)\/dashboard/, 'school of the staff'))[1];
    const items = await assessmentItems(leader, (await find(app, leader.cookie, /schools\/(\d+)\/dashboard/, 'school of the leader'))[1]);
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
    // The UnsavedValues script attaches after the first interactive render; it then draws its (empty) count.
    await until(() => staff.eval(`!!document.querySelector('[data-role=unsaved-count][data-count]')`), 'the unsaved-values script');
    const keys = await staff.eval(`[...document.querySelectorAll('input.yd-input[type=number]:not([disabled])')].map((i) => i.id.slice(3)).slice(0, 5)`);
    if (keys.length === 0) throw new Error('no number field on the yearly form');
    const rounds = [];
    for (let i = 0; i < runs; i++) rounds.push(await save(staff, keys[i % keys.length], 10 + i));
    console.log(`save round trip on the yearly data (${runs} saves over ${keys.join(', ')}): ${summary(rounds)}`);
    console.log(JSON.stringify({ runs, pages: Object.fromEntries(pages.map((p) => [p.name, Object.fromEntries(Object.entries(figures[p.name])
        .map(([k, v]) => [k, { p50: +quantile(v, 0.5).toFixed(1), p95: +quantile(v, 0.95).toFixed(1) }]))])),
        floor: { p50: +quantile(floor, 0.5).toFixed(1), p95: +quantile(floor, 0.95).toFixed(1) },
        save: { p50: +quantile(rounds, 0.5).toFixed(1), p95: +quantile(rounds, 0.95).toFixed(1), each: rounds.map((r) => Math.round(r)) } }));
} finally {
    chromium.close();
}
