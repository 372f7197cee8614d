import type { Facts } from '../analysis/contract';
import { formatInZone } from '../domain/calendar';
import { fenToYuan } from '../domain/money';
import type { AccountRecord, CaseRecord, ClientRecord, DebtorRecord, HoldRecord } from './ports';

/**
 * The account facts the analyser's FACT rules judge against (lawsuit filed? judgment? effective
 * collections?), from the store. Amounts become yuan, as the analysis contract has them. Several
 * accounts in one case: amounts add up, and a fact holds if it holds for any account.
 */
export function caseFacts(opts: {
  client: ClientRecord;
  debtor: DebtorRecord;
  c: CaseRecord;
  accounts: readonly AccountRecord[];
  /** connected conversations with the debtor recorded on this case */
  conversations: readonly Date[];
  holds: readonly HoldRecord[];
}): Facts {
  const { accounts, debtor } = opts;
  const any = (f: (a: AccountRecord) => boolean) => accounts.some(f);
  const sum = (f: (a: AccountRecord) => number) => fenToYuan(accounts.reduce((s, a) => s + f(a), 0));
  const effective = [...accounts.flatMap((a) => a.effectiveCollections), ...opts.conversations]
    .sort((a, b) => a.getTime() - b.getTime())
    .map((d) => formatInZone(d, debtor.timeZone));
  const first = accounts[0];
  return {
    product: any((a) => a.product === 'credit_card') ? 'credit_card' : 'consumer_loan',
    client: opts.client.name.slice(0, 100),
    debtor_name: debtor.name.slice(0, 50),
    ...(first?.cardTail ? { card_tail: first.cardTail } : {}),
    principal: sum((a) => a.principalFen),
    interest: sum((a) => a.interestFen),
    fees: sum((a) => a.feesFen),
    balance: fenToYuan(Math.max(0, opts.c.balanceFen)),
    days_overdue: Math.max(0, ...accounts.map((a) => a.daysOverdue)),
    lawsuit_filed: any((a) => a.lawsuitFiled),
    judgment: any((a) => a.judgment),
    enforcement_listed: any((a) => a.enforcementListed),
    credit_reported: any((a) => a.creditReported),
    guarantor: any((a) => a.guarantor),
    effective_collections: [...new Set(effective)],
    disputed: opts.holds.some((h) => h.kind === 'dispute' && h.closedAt === null),
  };
}
