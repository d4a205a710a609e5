// A document that takes seconds to make (a PDF, a workbook), fetched for an interactive page's button: the page shows
// progress and keeps the button disabled meanwhile; the file is saved under the name the server gave it. Returns null
// when saved, or the server's reason (e.g. 403, or 503: no Chromium on the server).
window.fileDownload = {
    save: async function (url) {
        const response = await fetch(url, { credentials: 'same-origin' });
        if (!response.ok) return (await response.text()).slice(0, 200) || `生成失败（${response.status}）`;
        const header = response.headers.get('Content-Disposition') || '';
        const encoded = /filename\*=UTF-8''([^;]+)/i.exec(header);
        const plain = /filename="?([^";]+)"?/i.exec(header);
        const name = encoded ? decodeURIComponent(encoded[1]) : plain ? plain[1] : url.split('/').pop().split('?')[0];
        const blobUrl = URL.createObjectURL(await response.blob());
        const link = document.createElement('a');
        link.href = blobUrl;
        link.download = name;
        document.body.append(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(blobUrl), 10000);
        return null;
    }
};
