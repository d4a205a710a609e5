// Managed heap per open circuit on one page: signs in, opens N real circuits (Chromium tabs on the page), waits until
// the server counts them, forces a full GC in the server and reads its managed heap; the floor is the same reading with
// one warmed-up circuit open, in the same run. Needs Node 20+ (run with --experimental-websocket), /usr/bin/chromium, and an app
// started with Diagnostics:CircuitHeap=true (run.sh does all of it: Release, SQLite, demo data).
//
//   node --experimental-websocket bench/circuits/circuits.mjs --app http://127.0.0.1:5102 --path /schools/2/data \
//        --user staff --password Demo2026pass --counts 50,200 [--chromium-port 9231]
// --path items --user leader: the items page of the leader's school's assessment (started on its page if there is none).
import { assessmentItems, find, launch, signIn, sleep, tab, until } from '../ui/cdp.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) =>
    arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs, []));
const app = args.app ?? 'http://127.0.0.1:5102';
const counts = (args.counts ?? '50,200').split(',').map(Number);
const port = Number(args['chromium-port'] ?? 9231);
const password = args.password ?? 'Demo2026pass';

async function heap() {
    const answer = await fetch(`${app}/_diagnostics/circuit-heap`);
    if (!answer.ok) throw new Error(`diagnostics answered ${answer.status}: start the app with Diagnostics:CircuitHeap=true`);
    return answer.json();
}

const chromium = await launch(port);
try {
    // "items": the user's (a school leader's) assessment's items page; the demo has none, so one is started first.
    const path = args.path === 'items'
        ? await assessmentItems(await tab(chromium.cdp, app, args.user, password), (await find(app, await signIn(app, args.user, password), /schools\/(\d+)\/dashboard/, 'school of the user'))[1])
        : args.path ?? '/quick-check';
    if (args.user) {
        const [name, ...value] = (await signIn(app, args.user, password)).split('=');
        await chromium.cdp.send('Storage.setCookies', { cookies: [{ name, value: value.join('='), url: app }] });
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
        await until(async () => (await heap()).circuits >= floor.circuits + count, `${count} circuits`, 1800);
        await sleep(3000); // the pages' first renders after the circuit opened
        const reading = await heap();
        const perCircuit = (reading.heapBytes - floor.heapBytes) / (reading.circuits - floor.circuits) / 1048576;
        // Between two counts the floor cancels out: what each added circuit holds, whatever the floor's own garbage.
        const previous = rows.at(-1);
        const marginal = previous ? (reading.heapBytes / 1048576 - previous.heapMB) / (reading.circuits - floor.circuits - previous.circuits) : null;
        rows.push({ circuits: reading.circuits - floor.circuits, heapMB: +(reading.heapBytes / 1048576).toFixed(1), perCircuitMB: +perCircuit.toFixed(2),
            marginalMB: marginal === null ? null : +marginal.toFixed(2) });
        console.log(`${reading.circuits - floor.circuits} circuits: ${(reading.heapBytes / 1048576).toFixed(1)} MB managed heap, ${perCircuit.toFixed(2)} MB per circuit above the floor`
            + (marginal === null ? '' : `, ${marginal.toFixed(2)} MB per circuit added since ${previous.circuits}`));
    }

    console.log(JSON.stringify({ path, floorMB: +(floor.heapBytes / 1048576).toFixed(1), rows }));
} finally {
    chromium.close();
}
