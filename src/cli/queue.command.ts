import { parseArgs } from 'node:util';
import type { z } from 'zod';
import { buildQueue, type buildQueueOutput } from '../cases/build-queue';
import { notFound } from '../cases/errors';
import { formatYuan } from '../domain/money';
import { loadPlaybookDir } from '../io/playbook-files';
import { createCaseStore } from '../store/case-store';
import { createIdGenerator, systemClock } from '../store/ids';
import { parseAt } from './analyze.command';
import { lang, UsageError } from './cli-error';
import { openMigratedDb } from './db.command';
import { type Colours, colours } from './style';

export const QUEUE_HELP = `huikuan queue --collector ID [--at ISO] [--page N] [--page-size N] [--as USER] [--json]

  --collector ID   whose queue (a user id)
  --at ISO         the moment to build it for (default: now)
  --page N         page number, from 1 (default 1)
  --page-size N    cases a page, 1–100 (default 20)
  --as USER        who is looking (default: the collector; a lead or manager may look at others)
  --json           print the queue as JSON

Lists today's workable cases, best first, with the points behind each place; cases the contact
guard blocks right now (holds, quiet hours in the debtor's zone, conversations used up) are left
out. The database is DATABASE_URL, else PGlite in DATA_DIR/pglite (default ./data/pglite), as for
\`huikuan start\`.
`;

export async function queueCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: false,
    options: {
      collector: { type: 'string' },
      at: { type: 'string' },
      page: { type: 'string' },
      'page-size': { type: 'string' },
      as: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (!values.collector) throw new UsageError('--collector ID is required');
  const at = values.at ? parseAt(values.at) : new Date();
  const page = whole('--page', values.page, 1, 100_000) ?? 1;
  const pageSize = whole('--page-size', values['page-size'], 1, 100) ?? 20;
  const db = await openMigratedDb();
  try {
    const viewer = values.as ?? values.collector;
    const u = await db.query<{ agency_id: string }>('select agency_id from users where id = $1', [viewer]);
    const agencyId = u.rows[0]?.agency_id;
    if (!agencyId) throw notFound('user', viewer);
    const q = await buildQueue(
      {
        store: createCaseStore(db),
        clock: systemClock,
        ids: createIdGenerator(),
        playbook: loadPlaybookDir(),
      },
      { agencyId, userId: viewer },
      { collectorId: values.collector, at: at.toISOString(), page, pageSize },
    );
    process.stdout.write(
      values.json ? `${JSON.stringify(q, null, 2)}\n` : render(q, colours(process.stdout)),
    );
    return 0;
  } finally {
    await db.close();
  }
}

function whole(name: string, v: string | undefined, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`${name} must be a whole number from ${min} to ${max}`);
  return n;
}

function render(q: z.infer<typeof buildQueueOutput>, c: Colours): string {
  const zh = lang() === 'zh';
  const pages = Math.max(1, Math.ceil(q.total / q.pageSize));
  const out: string[] = [
    c.bold(
      zh
        ? `催收员 ${q.collectorId} 的今日队列 — 共 ${q.total} 件，第 ${q.page}/${pages} 页（${q.at}）`
        : `Queue of ${q.collectorId} — ${q.total} workable cases, page ${q.page} of ${pages} (${q.at})`,
    ),
  ];
  if (!q.items.length)
    out.push(c.dim(zh ? '  （本页没有可联系的案件）' : '  (no workable cases on this page)'));
  if (q.nextWindow)
    out.push(
      zh
        ? `  ${q.nextWindow.at} 起可联系 ${q.nextWindow.total} 件（用 --at ${q.nextWindow.at} 预览）`
        : `  From ${q.nextWindow.at}, ${q.nextWindow.total} cases may be contacted (preview with --at ${q.nextWindow.at})`,
    );
  for (const i of q.items) {
    out.push(
      `${c.bold(String(i.rank).padStart(3))}. ${c.cyan(i.caseId)}  ${i.debtorName}  ${i.number ?? '-'}  ${formatYuan(i.balanceFen)}  ${c.bold(`${i.score} ${zh ? '分' : 'pts'}`)}  ${c.dim(i.localTime)}`,
    );
    for (const r of i.reasons) out.push(`       +${String(r.points).padStart(2)}  ${zh ? r.zh : r.en}`);
    if (i.strategy) out.push(c.dim(`       ${zh ? '建议策略' : 'strategy'}: ${i.strategy}`));
  }
  if (q.excluded.length) {
    out.push(
      '',
      c.yellow(zh ? '本页另有被合规拦截的案件：' : 'Also on this page, blocked by the contact rules:'),
    );
    for (const x of q.excluded)
      out.push(
        `  ${c.cyan(x.caseId)}  ${x.reasons.map((r) => (zh ? r.zh : r.en)).join('; ')}${x.nextAllowedAt ? `  → ${x.nextAllowedAt}` : ''}`,
      );
  }
  return `${out.join('\n')}\n`;
}
