/** Apache ECharts (tree-shaken) in a React component; resizes with its box. */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, CustomChart, ScatterChart, PieChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, LegendComponent, MarkLineComponent, DataZoomComponent, TitleComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';

echarts.use([BarChart, LineChart, CustomChart, ScatterChart, PieChart, GridComponent, TooltipComponent, LegendComponent, MarkLineComponent, DataZoomComponent, TitleComponent, CanvasRenderer]);

export type ChartOption = EChartsCoreOption;

export function Chart({ option, height = 280, testId }: { option: ChartOption; height?: number; testId?: string }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);
  return <div ref={el} className="chart" style={{ height }} data-testid={testId} />;
}

/** Series of [x, low, high] drawn as vertical error bars (confidence intervals). */
export function errorBarSeries(name: string, data: [string, number, number][], color = '#5470c6') {
  return {
    type: 'custom',
    name,
    data,
    z: 3,
    renderItem: (_params: unknown, api: { value(i: number): number; coord(v: [unknown, number]): [number, number]; size(v: [number, number]): [number, number] }) => {
      const x = api.value(0);
      const lo = api.coord([x, api.value(1)]);
      const hi = api.coord([x, api.value(2)]);
      const w = Math.max(4, api.size([1, 0])[0] * 0.2);
      const style = { stroke: color, lineWidth: 1.5 };
      return {
        type: 'group',
        children: [
          { type: 'line', shape: { x1: lo[0], y1: lo[1], x2: hi[0], y2: hi[1] }, style },
          { type: 'line', shape: { x1: lo[0] - w / 2, y1: lo[1], x2: lo[0] + w / 2, y2: lo[1] }, style },
          { type: 'line', shape: { x1: hi[0] - w / 2, y1: hi[1], x2: hi[0] + w / 2, y2: hi[1] }, style },
        ],
      };
    },
    encode: { x: 0, y: [1, 2] },
  };
}
