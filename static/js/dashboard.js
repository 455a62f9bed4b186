/* The leader dashboard's charts (Apache ECharts), drawn from the json_script data; in
   large-screen mode the page reloads itself every 5 minutes so the figures stay current. */
(function () {
  "use strict";
  const script = document.currentScript;
  const source = document.getElementById("dashboard-data");
  if (!source) return;
  const data = JSON.parse(source.textContent);
  const dark = document.body.classList.contains("dashboard-screen");
  const theme = dark ? "dark" : null;
  const charts = [];
  const base = { animation: !dark, backgroundColor: "transparent", tooltip: {}, textStyle: { fontFamily: "system-ui, 'PingFang SC', 'Microsoft YaHei', sans-serif" } };

  function pie(items) {
    return Object.assign({}, base, {
      tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)" },
      legend: { bottom: 0, type: "scroll" },
      series: [{ type: "pie", radius: ["35%", "65%"], center: ["50%", "45%"], data: items, label: { formatter: "{b}\n{c}" } }],
    });
  }
  function bars(names, series, opts) {
    return Object.assign({}, base, {
      tooltip: { trigger: "axis" },
      legend: { top: 0, type: "scroll" },
      grid: { left: 8, right: 8, bottom: 8, top: 32, containLabel: true },
      xAxis: { type: "category", data: names, axisLabel: { interval: 0, rotate: names.length > 6 ? 40 : 0 } },
      yAxis: Object.assign({ type: "value" }, (opts && opts.yAxis) || {}),
      series: series,
    });
  }

  // The unit ranking as horizontal bars sorted by the on-time rate: the top and the bottom
  // ten (all of them when there are twenty or fewer), full names wrapped, never cut; the full
  // table is below the chart.
  function ranking(el, units) {
    let rows = units.names.map((name, i) => ({ name: name, on_time: units.on_time[i], satisfaction: units.satisfaction[i] }));
    rows.sort((a, b) => (b.on_time - a.on_time) || (b.satisfaction - a.satisfaction));
    if (rows.length > 20) rows = rows.slice(0, 10).concat([{ name: "⋯", on_time: null, satisfaction: null }], rows.slice(-10));
    rows.reverse(); // ECharts draws the first category at the bottom
    el.style.height = Math.max(240, rows.length * 34 + 60) + "px";
    const narrow = el.clientWidth < 500;
    return Object.assign({}, base, {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: (v) => (v == null ? "—" : v + "%") },
      legend: { top: 0, type: "scroll" },
      grid: { left: 8, right: 24, bottom: 8, top: 32, containLabel: true },
      xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
      yAxis: { type: "category", data: rows.map((r) => r.name), axisLabel: { interval: 0, width: narrow ? 96 : 200, overflow: "break", lineHeight: 14 } },
      series: [
        { name: units.labels[0], type: "bar", data: rows.map((r) => r.on_time), label: { show: !narrow, position: "right", formatter: "{c}%" } },
        { name: units.labels[1], type: "bar", data: rows.map((r) => r.satisfaction) },
      ],
    });
  }

  const builders = {
    funnel: () => Object.assign({}, base, {
      tooltip: { trigger: "item", formatter: "{b}: {c}" },
      series: [{ type: "funnel", sort: "none", left: "10%", width: "80%", minSize: "20%", data: data.funnel, label: { position: "inside", formatter: "{b} {c}" } }],
    }),
    plenary: () => pie(data.plenary),
    categories: () => pie(data.categories),
    results: () => pie(data.results),
    units: (el) => ranking(el, data.units),
    trend: () => bars(data.trend.years, data.trend.series.map((s) => Object.assign({ type: "line" }, s))),
    consultations: () => pie(data.consultations),
    sectors: () => bars(data.sectors.names, [{ name: data.sectors.label, type: "bar", data: data.sectors.completion }],
      { yAxis: { max: 100, axisLabel: { formatter: "{value}%" } } }),
    stations: () => bars(data.stations.months, data.stations.series.map((s) => Object.assign({ type: "bar", stack: "all" }, s))),
  };

  // ECharts (build/static/vendor/echarts) is fetched once, when the first chart is drawn: a
  // phone that never asks for a chart never downloads it.
  let loading = null;
  function loadECharts() {
    if (typeof echarts !== "undefined") return Promise.resolve();
    if (!loading) {
      loading = new Promise((resolve, reject) => {
        const tag = document.createElement("script");
        tag.src = script.dataset.echarts;
        tag.onload = resolve;
        tag.onerror = reject;
        document.head.appendChild(tag);
      });
    }
    return loading;
  }

  // Draw the charts that are shown and not drawn yet (a folded one has no size: skipped).
  function draw() {
    const pending = Array.from(document.querySelectorAll("[data-chart]")).filter(
      (el) => !el.dataset.drawn && builders[el.dataset.chart] && el.offsetParent !== null,
    );
    if (!pending.length) return Promise.resolve();
    return loadECharts().then(() => {
      pending.forEach((el) => {
        if (el.dataset.drawn) return;
        el.dataset.drawn = "1";
        const option = builders[el.dataset.chart](el); // before init: a builder may set the height
        const chart = echarts.init(el, theme, { locale: "ZH", renderer: "canvas" });
        chart.setOption(option);
        charts.push(chart);
      });
    });
  }

  // Below md the charts of a section are folded: its button shows (and draws) or hides them.
  document.querySelectorAll("[data-charts-toggle]").forEach((button) => {
    const section = button.closest(".dashboard-section");
    button.addEventListener("click", () => {
      const shown = section.classList.toggle("charts-shown");
      button.setAttribute("aria-expanded", String(shown));
      button.querySelector("span").textContent = shown ? button.dataset.hide : button.dataset.show;
      if (shown) draw().then(() => charts.forEach((c) => c.resize()));
    });
  });

  draw();
  let resizing = null;
  window.addEventListener("resize", () => {
    window.clearTimeout(resizing);
    resizing = window.setTimeout(() => draw().then(() => charts.forEach((c) => c.resize())), 150);
  });

  const stamp = document.getElementById("dashboard-generated");
  const refresh = stamp && parseInt(stamp.dataset.refresh, 10);
  if (refresh) window.setTimeout(() => window.location.reload(), refresh * 1000);
})();
