// Documents that take seconds to print (a PDF, a workbook of a whole subtree): a link marked data-document is fetched
// here instead of followed, so the user sees "正在生成…" while the server works, cannot ask twice, and reads why when
// it fails (e.g. 503: no Chromium on the server). The file is then saved under the name the server gave it.
(function () {
    'use strict';

    const fileName = (response, fallback) => {
        const header = response.headers.get('Content-Disposition') || '';
        const encoded = /filename\*=UTF-8''([^;]+)/i.exec(header);
        if (encoded) return decodeURIComponent(encoded[1]);
        const plain = /filename="?([^";]+)"?/i.exec(header);
        return plain ? plain[1] : fallback;
    };

    const statusOf = (link) => {
        let status = link.nextElementSibling;
        if (!status || !status.matches('[data-role=document-status]')) {
            status = document.createElement('span');
            status.dataset.role = 'document-status';
            status.className = 'ms-2 small';
            status.setAttribute('role', 'status');
            link.after(status);
        }
        return status;
    };

    document.addEventListener('click', async (event) => {
        const link = event.target instanceof Element ? event.target.closest('a[data-document]') : null;
        if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
        event.preventDefault();
        if (link.getAttribute('aria-busy') === 'true') return; // already being generated: never twice

        const status = statusOf(link);
        link.setAttribute('aria-busy', 'true');
        link.classList.add('disabled');
        status.className = 'ms-2 small text-secondary';
        status.textContent = '正在生成，请稍候……';
        try {
            const response = await fetch(link.href, { credentials: 'same-origin' });
            if (!response.ok) {
                status.className = 'ms-2 small text-danger';
                status.textContent = (await response.text()).slice(0, 200) || `生成失败（${response.status}）`;
                return;
            }
            const url = URL.createObjectURL(await response.blob());
            const save = document.createElement('a');
            save.href = url;
            save.download = fileName(response, link.href.split('/').pop().split('?')[0]);
            document.body.append(save);
            save.click();
            save.remove();
            setTimeout(() => URL.revokeObjectURL(url), 60000);
            status.textContent = '';
        } catch {
            status.className = 'ms-2 small text-danger';
            status.textContent = '网络中断，文件未能下载，请稍后重试。';
        } finally {
            link.removeAttribute('aria-busy');
            link.classList.remove('disabled');
        }
    });
})();
