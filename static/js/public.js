/* The public figures' chart (Apache ECharts, the portal's local build): proposals submitted,
   registered and replied per year as bars, the A/B/C shares as lines on a second axis. */
(function () {
  "use strict";
  const source = document.getElementById("public-data");
  const el = document.getElementById("public-chart");
  if (!source || !el || typeof echarts === "undefined") return;
  const data = JSON.parse(source.textContent);
  const chart = echarts.init(el);
  const bar = (key) => ({ name: data.labels[key], type: "bar", data: data.series[key] });
  const line = (key, share) => ({ name: data.labels[key], type: "line", yAxisIndex: 1, data: data.series[share] });
  chart.setOption({
    tooltip: { trigger: "axis" },
    legend: { top: 0, type: "scroll" },
    grid: { left: 8, right: 8, bottom: 8, top: 40, containLabel: true },
    xAxis: { type: "category", data: data.years },
    yAxis: [{ type: "value" }, { type: "value", max: 100, axisLabel: { formatter: "{value}%" } }],
    series: [bar("submitted"), bar("registered"), bar("replied"), line("a", "a_share"), line("b", "b_share"), line("c", "c_share")],
  });
  window.addEventListener("resize", () => chart.resize());
})();
