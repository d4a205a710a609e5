// Nothing typed is lost. A form marked data-autosave (an item's score, a ledger line) is saved by htmx when the
// focus leaves what it updates with something typed and not yet saved. Before the page is left, what is still
// unsaved is sent once more (keepalive) and the browser asks the user first, since that save cannot be confirmed.
// A refused save (400) or a conflict (409) keeps its form unsaved, so leaving still asks. The forms carry
// hx-sync="this:drop": a save on leaving a field and a click on 保存 a moment later never race each other into a 409.
(function () {
    'use strict';
    const unsaved = new Set(); // keyed by the form's hx-post address: the same across htmx swaps

    const formOf = (element) => element instanceof Element ? element.closest('form[data-autosave]') : null;
    const keyOf = (form) => form.getAttribute('hx-post');
    // What a save swaps: leaving the form for a field inside it is not leaving.
    const scopeOf = (form) => {
        const target = form.getAttribute('hx-target');
        return (target && target.startsWith('#') && document.querySelector(target)) || form;
    };

    const mark = (event) => {
        const form = formOf(event.target);
        if (form) unsaved.add(keyOf(form));
    };
    document.addEventListener('input', mark);
    document.addEventListener('change', mark);

    document.addEventListener('focusout', (event) => {
        const form = formOf(event.target);
        // A form taken out by the swap of its own save (the focused 保存 button removed) is not left by the user:
        // submitting it again would send its old stamp and end in a 409.
        if (!form || !form.isConnected || !unsaved.has(keyOf(form))) return;
        if (event.relatedTarget instanceof Node && scopeOf(form).contains(event.relatedTarget)) return;
        if (window.htmx) window.htmx.trigger(form, 'submit');
    });

    // Before the swap, while the form is still in the page: after an outerHTML swap htmx fires afterRequest on the
    // detached form, which never reaches this listener, and the saved form would be sent again on leaving (409).
    // The event is dispatched on the swap's target, so the form that asked is the request's own element.
    document.addEventListener('htmx:beforeSwap', (event) => {
        const form = formOf((event.detail.requestConfig && event.detail.requestConfig.elt) || event.detail.elt);
        if (form && event.detail.xhr && event.detail.xhr.status >= 200 && event.detail.xhr.status < 300) unsaved.delete(keyOf(form));
    });

    window.addEventListener('beforeunload', (event) => {
        const pending = [...unsaved]
            .map((key) => document.querySelector(`form[data-autosave][hx-post="${CSS.escape(key)}"]`))
            .filter((form) => form);
        if (pending.length === 0) return;
        const headers = JSON.parse(document.body.getAttribute('hx-headers') || '{}');
        for (const form of pending) {
            fetch(form.getAttribute('hx-post'), {
                method: 'POST', keepalive: true, credentials: 'same-origin',
                headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' },
                body: new URLSearchParams(new FormData(form)),
            }).catch(() => { /* the page is going: the warning below has told the user */ });
        }
        event.preventDefault();
        event.returnValue = '';
    });
})();
