import { parseArgs } from 'node:util';
import type { z } from 'zod';
import { checkContactFor, type checkContactOutput } from '../cases/check-contact';
import { notFound } from '../cases/errors';
import { loadPlaybookDir } from '../io/playbook-files';
import { createCaseStore } from '../store/case-store';
import { createIdGenerator, systemClock } from '../store/ids';
import { parseAt } from './analyze.command';
import { lang, UsageError } from './cli-error';
import { openMigratedDb } from './db.command';
import { type Colours, colours } from './style';

export const GUARD_HELP = `huikuan guard --debtor ID --channel call|sms|visit --at ISO [--contact ID] [--staff N] [--json]

  --debtor ID      the debtor
  --channel C      call, sms or visit
  --at ISO         when the contact would be made, e.g. 2026-12-01T21:30:00+08:00
  --contact ID     the number or contact person to reach (default: the debtor's own first valid number)
  --staff N        visits: how many staff go
  --json           print the decision as JSON

Asks the contact guard whether the contact is allowed, from the debtor's history across the whole
client, without recording anything. Prints allow or deny, every rule's reason, and the next
allowed time. Exit status: 0 allowed, 1 denied (or an error).
`;

const CHANNELS = ['call', 'sms', 'visit'] as const;

export async function guardCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: false,
    options: {
      debtor: { type: 'string' },
      channel: { type: 'string' },
      at: { type: 'string' },
      contact: { type: 'string' },
      staff: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (!values.debtor) throw new UsageError('--debtor ID is required');
  const channel = CHANNELS.find((c) => c === values.channel);
  if (!channel)
    throw new UsageError(
      `--channel must be call, sms or visit${values.channel ? ` (got "${values.channel}")` : ''}`,
    );
  if (!values.at) throw new UsageError('--at ISO is required');
  const at = parseAt(values.at);
  const staff = values.staff === undefined ? undefined : Number(values.staff);
  if (staff !== undefined && !(Number.isInteger(staff) && staff >= 0 && staff <= 20))
    throw new UsageError('--staff must be a whole number from 0 to 20');
  const db = await openMigratedDb();
  try {
    const d = await db.query<{ agency_id: string }>('select agency_id from debtors where id = $1', [
      values.debtor,
    ]);
    const agencyId = d.rows[0]?.agency_id;
    if (!agencyId) throw notFound('debtor', values.debtor);
    const r = await checkContactFor(
      {
        store: createCaseStore(db),
        clock: systemClock,
        ids: createIdGenerator(),
        playbook: loadPlaybookDir(),
      },
      // A read-only check run by the operator on the server's console: it acts as the agency's system.
      { agencyId, userId: null },
      { debtorId: values.debtor, channel, at: at.toISOString(), contactId: values.contact, staff },
    );
    process.stdout.write(
      values.json ? `${JSON.stringify(r, null, 2)}\n` : render(r, colours(process.stdout)),
    );
    return r.allowed ? 0 : 1;
  } finally {
    await db.close();
  }
}

function render(r: z.infer<typeof checkContactOutput>, c: Colours): string {
  const zh = lang() === 'zh';
  const out = [
    r.allowed ? c.green(c.bold(zh ? '允许联系' : 'ALLOW')) : c.red(c.bold(zh ? '禁止联系' : 'DENY')),
  ];
  for (const k of r.checks) {
    const mark = k.allowed ? c.green('✓') : c.red('✗');
    const next = !k.allowed && k.nextAllowedAt ? c.dim(` (${zh ? '可于' : 'from'} ${k.nextAllowedAt})`) : '';
    out.push(`  ${mark} ${c.dim(`${k.pack}/${k.rule}`)}  ${zh ? k.reason.zh : k.reason.en}${next}`);
  }
  if (!r.allowed)
    out.push(
      r.nextAllowedAt
        ? `${zh ? '最早可联系时间' : 'Next allowed'}: ${c.bold(r.nextAllowedAt)}`
        : c.yellow(
            zh
              ? '仅靠等待不能解除：须先消除上述拦截条件'
              : 'Waiting alone will not lift it: the blocking condition must change first',
          ),
    );
  return `${out.join('\n')}\n`;
}
