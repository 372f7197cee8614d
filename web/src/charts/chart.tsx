import { useEffect, useRef } from 'react';
import { type EChartsOption, echarts } from './echarts';

/** One chart: created once, updated with each option, resized with its box, disposed on unmount. */
export function Chart({
  option,
  height,
  label,
  onClick,
}: {
  option: EChartsOption;
  height: number;
  /** what the chart shows, for screen readers (the data is also given as a table beside it) */
  label: string;
  onClick?: (params: { data?: unknown; dataIndex: number }) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const c = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);

  useEffect(() => {
    const c = chart.current;
    if (!c || !onClick) return;
    c.on('click', onClick);
    return () => {
      c.off('click', onClick);
    };
  }, [onClick]);

  return <div ref={box} role="img" aria-label={label} style={{ width: '100%', height }} />;
}
