import { parseArgs } from 'node:util';
import { writeGeneratedFiles } from '../io/placement-files';
import { lang, UsageError } from './cli-error';

export const GENERATE_HELP = `huikuan generate --cases N [--seed S] [--out DIR] [--format csv|xlsx]

  Synthetic demo and benchmark data (never the labelled corpus), the same for the same options:
    DIR/placements.csv|xlsx   a bank's placement file with Chinese headers (huikuan import reads it)
    DIR/payments.csv          payments received during the placement
    DIR/transcripts.jsonl     calls in the huikuan analyze --batch format {"id","at","facts","turns"}

  --cases N         number of accounts (any size; files are streamed)
  --seed S          seed (default "huikuan")
  --out DIR         output directory (default ./generated)
  --format F        csv (default) or xlsx (at most 1,048,575 rows)
  --encoding E      CSV encoding: utf-8 (default, with BOM) or gb18030 (as Chinese banks export)
  --as-of DATE      the placement day YYYY-MM-DD (default 2026-11-01); activity follows it for 30 days
  --client NAME     the bank named in the transcripts (default 云港银行信用卡中心)
  --call-rate R     calls per case on average, 0 to 3 (default 0.3; 0 writes no transcripts)
`;

export async function generateCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      cases: { type: 'string' },
      seed: { type: 'string', default: 'huikuan' },
      out: { type: 'string', default: 'generated' },
      format: { type: 'string', default: 'csv' },
      encoding: { type: 'string', default: 'utf-8' },
      'as-of': { type: 'string', default: '2026-11-01' },
      client: { type: 'string', default: '云港银行信用卡中心' },
      'call-rate': { type: 'string', default: '0.3' },
    },
  });
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const cases = Number(values.cases);
  if (values.cases === undefined || !Number.isInteger(cases) || cases < 1)
    throw new UsageError('--cases must be a whole number of at least 1');
  const format = values.format;
  if (format !== 'csv' && format !== 'xlsx') throw new UsageError('--format is csv or xlsx');
  const encoding = values.encoding.toLowerCase() === 'gbk' ? 'gb18030' : values.encoding.toLowerCase();
  if (encoding !== 'utf-8' && encoding !== 'gb18030') throw new UsageError('--encoding is utf-8 or gb18030');
  if (format === 'xlsx' && encoding !== 'utf-8') throw new UsageError('--encoding applies to CSV only');
  const asOf = values['as-of'];
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(asOf)))
    throw new UsageError(`--as-of must be a date YYYY-MM-DD (got "${asOf}")`);
  const callRate = Number(values['call-rate']);
  if (!(callRate >= 0 && callRate <= 3)) throw new UsageError('--call-rate is a number from 0 to 3');

  const progress = process.stderr.isTTY === true;
  const started = Date.now();
  const files = await writeGeneratedFiles({
    dir: values.out,
    seed: values.seed,
    cases,
    asOf,
    client: values.client,
    format,
    encoding,
    callRate,
    onProgress: progress
      ? (n) => process.stderr.write(`\r${n.toLocaleString()} / ${cases.toLocaleString()}`)
      : undefined,
  });
  if (progress) process.stderr.write('\r\x1b[K');
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  const c = files.counts;
  const zh = lang() === 'zh';
  const lines = zh
    ? [
        `已生成 ${c.cases} 个案件、${c.payments} 笔还款、${c.calls} 通电话（种子 "${values.seed}"，${secs} 秒）：`,
        `  委案文件 ${files.placements}`,
        `  还款记录 ${files.payments}`,
        ...(files.transcripts ? [`  通话记录 ${files.transcripts}`] : []),
      ]
    : [
        `Generated ${c.cases} cases, ${c.payments} payments, ${c.calls} calls (seed "${values.seed}", ${secs}s):`,
        `  placements  ${files.placements}`,
        `  payments    ${files.payments}`,
        ...(files.transcripts ? [`  transcripts ${files.transcripts}`] : []),
      ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
