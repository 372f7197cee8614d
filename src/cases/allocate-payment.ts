/**
 * Allocation of a payment to what the debtor has promised (pure): the oldest open item first —
 * promises and the active plan's instalments alike, by due time — each filled up to what it still
 * lacks. What is left reduces the balance without an item (an early or extra payment).
 */

export interface OpenItem {
  kind: 'promise' | 'instalment';
  id: string;
  dueAt: Date;
  amountFen: number;
  paidFen: number;
}

export interface ItemUpdate {
  kind: OpenItem['kind'];
  id: string;
  allocatedFen: number;
  paidFen: number;
  /** paid in full: a promise is kept, an instalment paid */
  complete: boolean;
}

export interface Allocation {
  updates: ItemUpdate[];
  unallocatedFen: number;
}

export function allocatePayment(amountFen: number, items: readonly OpenItem[]): Allocation {
  if (!Number.isInteger(amountFen) || amountFen <= 0)
    throw new RangeError('a payment is a positive number of fen');
  const ordered = [...items].sort(
    (a, b) =>
      a.dueAt.getTime() - b.dueAt.getTime() ||
      // On the same due time the plan's instalment comes first: it is the older, signed obligation.
      (a.kind === b.kind ? 0 : a.kind === 'instalment' ? -1 : 1) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  let left = amountFen;
  const updates: ItemUpdate[] = [];
  for (const item of ordered) {
    if (left === 0) break;
    const lacking = item.amountFen - item.paidFen;
    if (lacking <= 0) continue;
    const take = Math.min(lacking, left);
    left -= take;
    updates.push({
      kind: item.kind,
      id: item.id,
      allocatedFen: take,
      paidFen: item.paidFen + take,
      complete: item.paidFen + take >= item.amountFen,
    });
  }
  return { updates, unallocatedFen: left };
}

/**
 * How a promise ends once its due time has passed without full payment: something paid is
 * partially kept; nothing paid is broken (跳票).
 */
export function settlePastDue(p: {
  amountFen: number;
  paidFen: number;
}): 'kept' | 'partially_kept' | 'broken' {
  if (p.paidFen >= p.amountFen) return 'kept';
  return p.paidFen > 0 ? 'partially_kept' : 'broken';
}
