// The JS half of Components/Shared/EChart.razor: one chart per element, drawn and redrawn from the component's
// parameters (OnAfterRenderAsync), disposed with the component. Load lib/echarts/echarts.min.js first.
window.appCharts = (function () {
    'use strict';

    const defaultFont = '"Noto Sans SC", sans-serif';
    const observers = new WeakMap();

    function draw(el, optionJson) {
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
        if (!el) return;
        const observer = observers.get(el);
        if (observer) { observer.disconnect(); observers.delete(el); }
        const chart = echarts.getInstanceByDom(el);
        if (chart) chart.dispose();
    }

    return { draw: draw, dispose: dispose };
})();
