/*! Apache ECharts and ZRender, Licensed under the Apache License, Version 2.0 (and BSD-3-Clause for ZRender): https://echarts.apache.org, https://github.com/ecomfe/zrender */
// The portal's ECharts: only the charts and parts the dashboard draws (bar, line, pie,
// funnel; tooltip, legend, grid, data zoom; canvas), built by `make node` with esbuild into
// build/static/vendor/echarts/echarts.portal.js. The full build is 1 MB; this is a third of it.
import * as echarts from "echarts/core";
import { BarChart, FunnelChart, LineChart, PieChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";

echarts.use([BarChart, FunnelChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);
window.echarts = echarts;
