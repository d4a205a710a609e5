// The JS half of Components/Shared/EChart.razor: one chart per element, drawn and redrawn from the component's
// parameters (OnAfterRenderAsync), disposed with the component. ECharts itself (1.1 MB) is loaded with the first chart,
// from the address the script tag names in data-echarts, so a page without charts never parses it before its circuit.
window.appCharts = (function () {
    'use strict';

    const defaultFont = '"Noto Sans SC", sans-serif';
    const observers = new WeakMap();
    const echartsUrl = document.currentScript && document.currentScript.dataset.echarts;
    let loading = null;

    function loadEcharts() {
        if (window.echarts) return Promise.resolve();
        if (!loading) {
            loading = new Promise(function (resolve, reject) {
                const script = document.createElement('script');
                script.src = echartsUrl;
                script.onload = resolve;
                script.onerror = function () { loading = null; reject(new Error('ECharts could not be loaded from ' + echartsUrl)); };
                document.head.appendChild(script);
            });
        }
        return loading;
    }

    async function draw(el, optionJson) {
        await loadEcharts();
        const option = JSON.parse(optionJson);
        // Without a font ECharts uses the system's, which may lack Chinese glyphs.
        option.textStyle = Object.assign({ fontFamily: defaultFont }, option.textStyle);
        const chart = echarts.getInstanceByDom(el) || echarts.init(el, null, { renderer: 'svg' });
        // notMerge: a parameter that drops a series must drop it from the chart too.
        chart.setOption(option, { notMerge: true });
        el.dataset.chartDrawn = '1';
        if (!observers.has(el) && 'ResizeObserver' in window) {
            const observer = new ResizeObserver(function () { chart.resize(); });
            observer.observe(el);
            observers.set(el, observer);
        }
    }

    function dispose(el) {
        if (!el || !window.echarts) return;
        const observer = observers.get(el);
        if (observer) { observer.disconnect(); observers.delete(el); }
        const chart = echarts.getInstanceByDom(el);
        if (chart) chart.dispose();
    }

    return { draw: draw, dispose: dispose };
})();
