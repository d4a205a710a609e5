// Draws every [data-chart] element with ECharts (load lib/echarts/echarts.min.js first). The attribute holds
// the chart's option as JSON, written by the server; the element gets its size from CSS (.chart).
// Used by printed documents (PdfPrinter waits for data-chart-drawn); on-screen charts are EChart.razor's (echarts-interop.js).
(function () {
    'use strict';

    const defaultFont = '"Noto Sans SC", sans-serif';
    const charts = new Set();

    function draw(el) {
        try {
            const option = JSON.parse(el.dataset.chart);
            // Without a font ECharts uses the system's, which may lack Chinese glyphs, and a PDF would not embed ours.
            option.textStyle = Object.assign({ fontFamily: defaultFont }, option.textStyle);
            // A printed page is captured at once: an animation would print half-drawn.
            if (document.documentElement.hasAttribute('data-print')) option.animation = false;
            const chart = echarts.getInstanceByDom(el) || echarts.init(el, null, { renderer: el.dataset.renderer || 'svg' });
            chart.setOption(option);
            charts.add(chart);
            el.dataset.chartDrawn = '1';
        } catch (error) {
            // Marked, so a printer waiting for the chart stops and says why.
            el.dataset.chartDrawn = 'error';
            el.dataset.chartError = String(error && error.message || error);
            console.error('chart not drawn', el, error);
        }
    }

    function drawAll(root) {
        (root || document).querySelectorAll('[data-chart]:not([data-chart-drawn])').forEach(draw);
    }

    function resizeAll() {
        charts.forEach(function (chart) {
            // A chart whose element left the page is gone: free it.
            if (chart.isDisposed()) charts.delete(chart);
            else if (!chart.getDom().isConnected) { chart.dispose(); charts.delete(chart); }
            else chart.resize();
        });
    }

    function start() {
        drawAll(document);
        // A printed page is never resized, and the printer writes the next document into the same window:
        // a listener there would keep every earlier document's charts alive.
        if (document.documentElement.hasAttribute('data-print')) return;
        let pending = 0;
        window.addEventListener('resize', function () {
            clearTimeout(pending);
            pending = setTimeout(resizeAll, 100);
        });
    }

    // For pages that add charts after loading; PdfPrinter also checks that this script is present.
    window.SchoolCharts = { drawAll: drawAll };

    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
    else start();
})();
