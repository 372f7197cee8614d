import { Collapse } from 'antd';
import { useMemo } from 'react';
import { PERSONAS, STRATEGIES } from '../../../../src/domain/ids';
import type { Dashboard } from '../../api/types';
import { Chart } from '../../charts/chart';
import type { EChartsOption } from '../../charts/echarts';
import { useI18n } from '../../i18n/i18n';
import { label } from '../../i18n/labels';
import { formatPercent } from '../../lib/format';

type Effectiveness = Dashboard['effectiveness'];

/**
 * Persona × strategy effectiveness: colour is the posterior mean, the number the outcomes behind
 * it; cells with too few outcomes to rank are faded and hatched, and every cell's credible interval
 * is in its tooltip and in the table below the chart.
 */
export function EffectivenessHeatmap({ eff }: { eff: Effectiveness }) {
  const { t, lang } = useI18n();
  const cellText = (c: Effectiveness['cells'][number]) =>
    t('dash.cell', {
      persona: label('persona', c.persona, lang),
      strategy: label('strategy', c.strategy, lang),
      mean: formatPercent(c.mean, 0),
      lower: formatPercent(c.lower, 0),
      upper: formatPercent(c.upper, 0),
      n: c.n,
      s: c.successes,
    }) + (c.ranked ? '' : t('dash.cellFew'));

  // biome-ignore lint/correctness/useExhaustiveDependencies: cellText changes only with lang and t
  const option = useMemo((): EChartsOption => {
    const texts = new Map(eff.cells.map((c) => [`${c.strategy}|${c.persona}`, cellText(c)]));
    return {
      aria: { enabled: true },
      grid: { left: 92, right: 16, top: 8, bottom: 96 },
      tooltip: {
        formatter: (p: unknown) => {
          const d = typeof p === 'object' && p !== null && 'data' in p ? p.data : null;
          const v =
            d && typeof d === 'object' && 'key' in d && typeof d.key === 'string' ? texts.get(d.key) : '';
          return v ?? '';
        },
      },
      xAxis: {
        type: 'category',
        data: STRATEGIES.map((s) => label('strategy', s, lang)),
        axisLabel: { rotate: 45, interval: 0, fontSize: 11 },
        splitArea: { show: true },
      },
      yAxis: {
        type: 'category',
        data: PERSONAS.map((p) => label('persona', p, lang)),
        axisLabel: { fontSize: 12 },
        splitArea: { show: true },
      },
      visualMap: {
        // colour by the mean (the value's third field), not by the count the label shows
        dimension: 2,
        min: 0,
        max: 1,
        calculable: false,
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        itemHeight: 120,
        text: ['100%', '0%'],
        inRange: { color: ['#fff1f0', '#ffe7ba', '#d9f7be', '#389e0d'] },
      },
      series: [
        {
          type: 'heatmap',
          data: eff.cells.map((c) => ({
            key: `${c.strategy}|${c.persona}`,
            value: [
              STRATEGIES.indexOf(c.strategy),
              PERSONAS.indexOf(c.persona),
              Number(c.mean.toFixed(3)),
              c.n,
            ],
            itemStyle: c.ranked
              ? { borderColor: '#fff', borderWidth: 1 }
              : {
                  opacity: 0.55,
                  borderColor: '#bfbfbf',
                  borderType: 'dashed',
                  decal: { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [2, 6], rotation: Math.PI / 4 },
                },
          })),
          label: {
            show: true,
            fontSize: 10,
            formatter: (p: unknown) => {
              const d = typeof p === 'object' && p !== null && 'value' in p ? p.value : null;
              return Array.isArray(d) ? String(d[3]) : '';
            },
          },
        },
      ],
    };
  }, [eff, lang, t]);

  return (
    <>
      <Chart option={option} height={360} label={`${t('dash.heatmap')}: ${eff.textZh}`} />
      <Collapse
        size="small"
        ghost
        items={[
          {
            key: 'table',
            label: t('common.details'),
            children: (
              <ul className="plain-list" data-testid="heatmap-cells">
                {eff.cells
                  .filter((c) => c.n > 0)
                  .map((c) => (
                    <li key={`${c.persona}-${c.strategy}`}>{cellText(c)}</li>
                  ))}
              </ul>
            ),
          },
        ]}
      />
    </>
  );
}
