// The browser half of Components/Shared/UnsavedValues.razor: nothing typed is lost across a network drop or a
// server restart. Every value typed into a field marked data-unsaved-field="<name>" inside the attached element is
// written at once to localStorage (under the key the component gives: user, page), before the circuit sees it, and
// stays there until the server has answered its save (acknowledge). While the circuit is down the change events are
// dropped by Blazor, but the values are here: when the circuit comes back (the reconnect dialog closes, the browser
// is online again, or the page is loaded anew after a server restart) they are handed to .NET, which saves them
// through the page's normal save (a conflict is shown there, never forced). The fields still pending carry
// data-unsaved="pending" and the element data-role="unsaved-count" says how many; both are set here, since the
// server cannot draw anything while it is unreachable.

const prefix = 'unsaved:';
const attached = new Map(); // storage key → { element, dotnet, listeners, timer, sending }

function read(key) {
    try {
        return JSON.parse(localStorage.getItem(prefix + key) || '{}');
    } catch {
        return {};
    }
}

function write(key, pending) {
    if (Object.keys(pending).length === 0) localStorage.removeItem(prefix + key);
    else localStorage.setItem(prefix + key, JSON.stringify(pending));
}

function ensureStyle() {
    if (document.getElementById('unsaved-values-style')) return;
    const style = document.createElement('style');
    style.id = 'unsaved-values-style';
    style.textContent =
        '[data-unsaved="pending"] { outline: 2px dashed #ef6c00 !important; outline-offset: 1px; }\n' +
        '[data-role="unsaved-count"] { color: #ef6c00; font-weight: 700; }\n' +
        '[data-role="unsaved-count"][hidden] { display: none; }';
    document.head.appendChild(style);
}

function valueOf(input) {
    if (input.type === 'checkbox') return input.checked ? 'true' : 'false';
    return input.value;
}

/** Marks the pending fields present in the page and shows how many are pending in all. */
function show(key) {
    const entry = attached.get(key);
    if (!entry) return;
    const pending = read(key);
    for (const input of entry.element.querySelectorAll('[data-unsaved-field]')) {
        if (Object.prototype.hasOwnProperty.call(pending, input.dataset.unsavedField)) input.dataset.unsaved = 'pending';
        else delete input.dataset.unsaved;
    }

    const count = Object.keys(pending).length;
    for (const badge of entry.element.querySelectorAll('[data-role="unsaved-count"]')) {
        badge.hidden = count === 0;
        badge.dataset.count = String(count);
        badge.textContent = count === 0 ? '' : `${count} 项尚未保存到服务器，连接恢复后自动保存`;
    }
}

/** Hands what is pending to .NET; if the circuit cannot take it yet, tries again a little later. */
async function send(key) {
    const entry = attached.get(key);
    if (!entry || entry.sending) return;
    const pending = read(key);
    if (Object.keys(pending).length === 0) return;
    entry.sending = true;
    try {
        await entry.dotnet.invokeMethodAsync('SavePendingAsync', pending);
    } catch {
        clearTimeout(entry.timer);
        entry.timer = setTimeout(() => send(key), 3000);
    } finally {
        entry.sending = false;
    }
}

/**
 * Starts keeping the values typed in the element's fields. Returns what is still pending from before (a server
 * restart, a reload): the component saves it as soon as the page is ready.
 */
export function attach(element, key, dotnet) {
    ensureStyle();
    detach(key);
    const keep = (event) => {
        const input = event.target instanceof Element ? event.target.closest('[data-unsaved-field]') : null;
        if (!input || !element.contains(input)) return;
        const pending = read(key);
        pending[input.dataset.unsavedField] = valueOf(input);
        write(key, pending);
        show(key);
    };
    const reconnected = (event) => {
        if (!event.detail || event.detail.state === 'hide') send(key);
    };
    const online = () => send(key);
    element.addEventListener('input', keep, true);
    element.addEventListener('change', keep, true);
    const modal = document.getElementById('components-reconnect-modal');
    if (modal) modal.addEventListener('components-reconnect-state-changed', reconnected);
    window.addEventListener('online', online);
    attached.set(key, { element, dotnet, keep, reconnected, online, modal, timer: 0, sending: false });
    show(key);
    return read(key);
}

/** The server has answered the save of this field with this value (saved, refused as invalid, or a conflict shown). */
export function acknowledge(key, field, value) {
    const pending = read(key);
    // Something typed since the save was sent is still pending.
    if (Object.prototype.hasOwnProperty.call(pending, field) && pending[field] === value) {
        delete pending[field];
        write(key, pending);
    }

    show(key);
}

/** How many values are pending under the key (tests and the page read it). */
export function count(key) {
    return Object.keys(read(key)).length;
}

export function detach(key) {
    const entry = attached.get(key);
    if (!entry) return;
    entry.element.removeEventListener('input', entry.keep, true);
    entry.element.removeEventListener('change', entry.keep, true);
    if (entry.modal) entry.modal.removeEventListener('components-reconnect-state-changed', entry.reconnected);
    window.removeEventListener('online', entry.online);
    clearTimeout(entry.timer);
    attached.delete(key);
}
