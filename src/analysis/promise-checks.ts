import { formatInZone } from '../domain/calendar';
import { findAmounts } from './amount';
import type { OutputTurn, PromiseCheck } from './contract';
import { findTimes } from './when';

/**
 * Promise discipline (the method's 承诺管理): before a promise stands, the collector confirms the amount, the
 * date and where the money comes from, and says a reminder will come before the due time. For each promise
 * the debtor made, what the call shows of it — for QA and the draft 催记, not a violation: a promise left
 * unconfirmed is weak work, not unlawful.
 */

/** 我记一下 / 跟您确认一下 / 给您记上了 / 那就说定了: the collector confirms in words. */
const CONFIRM =
  /确认一下|跟(?:您|你)确认|给(?:您|你)确认|核对一下|我?记一下|我记下|记下(?:了|来)|(?:给|帮)(?:您|你)(?:记|备注)(?:上|下|好)|记上了|备注(?:上|一下|好了)|登记一下|复述一下|就这么定|说定了|那就这样定|就按这个/;
/**
 * 钱从哪来 / 这笔钱怎么凑 / 工资几号发: the collector asks where the money comes from (not 从哪个渠道还的, the
 * channel of a payment, nor 您是从哪转的).
 */
const SOURCE_ASK =
  /从哪(?!个?(?:渠道|账户|账号|卡|平台|银行|app|App|APP)|[^，。！？,.!?\s]{0,2}(?:转|还|付|交|缴)的)|哪来|哪里来|哪儿来|来源|怎么凑|凑得(?:齐|够|到|出)|(?:工资|奖金|钱|款|货款|工程款|年终奖)[^，。！？,.!?\s]{0,4}(?:几号|哪天|什么时候|啥时候|何时)(?:发|到|下来|能到|结)?/;
/** 15号发了工资就还 / 年终奖下来 / 找我哥借: the debtor names the money's source. */
const SOURCE_TOLD =
  /工资|薪水|出粮|发钱|年终奖|奖金|分红|工程款|货款|回款|结算|报销|借(?!款|记卡|的钱没)|理财|定期|公积金|退税|租金|赔偿|补偿|拆迁|卖[^，。！？,.!?\s]{0,3}(?:车|房|货|掉)|收(?:租|账|款)/;
/**
 * 到期前一天我发短信提醒您 / 到时候我提前打给您: the collector says a reminder will come (not 有变化您提前跟我说, the
 * debtor asked to call ahead).
 */
const REMINDER =
  /提醒(?:您|你|一下)|(?:我|我们|我这边)[^，。！？,.!?]{0,8}(?:提醒|提前)|提前[^，。！？,.!?]{0,4}(?:给(?:您|你)|通知(?:您|你)|联系(?:您|你))|(?:前一天|头一天|前一日|当天早上|到期前)[^，。！？,.!?]{0,8}(?:给(?:您|你)|发(?:条|个)?短信|发(?:条|个)?信息|打(?:个)?电话)/;

/** How many collector turns after the promise may still say it back. */
const READ_BACK_REACH = 3;

/** `norms`: each turn's normalised text (normalize.ts), as the analyser has it. */
export function promiseChecks(
  turns: readonly OutputTurn[],
  norms: readonly string[],
  at: Date,
  timeZone: string,
): PromiseCheck[] {
  const out: PromiseCheck[] = [];
  const day = (iso: string) => formatInZone(new Date(iso), timeZone).slice(0, 10);
  // the first collector turn that asks where the money comes from (read once a call, when it has a promise)
  let firstAsk: number | undefined;
  const askedBy = (upTo: number) => {
    firstAsk ??=
      turns.find((u) => u.speaker === 'agent' && SOURCE_ASK.test(norms[u.index]!))?.index ??
      Number.POSITIVE_INFINITY;
    return firstAsk <= upTo;
  };
  turns.forEach((t, i) => {
    const p = t.promise;
    if (t.speaker !== 'debtor' || !p) return;
    // the collector's turns after it, up to the next promise
    const after: OutputTurn[] = [];
    for (let j = i + 1; j < turns.length && after.length < READ_BACK_REACH; j++) {
      const u = turns[j]!;
      if (u.speaker === 'debtor' && u.promise) break;
      if (u.speaker === 'agent') after.push(u);
    }
    const dueDay = p.due ? day(p.due) : null;
    const readBack = after.find((u) => {
      const norm = norms[u.index]!;
      if (CONFIRM.test(norm)) return true;
      // the sum, as a money mention or as its bare digits (好的 3000 我记好了)
      if (
        p.amount !== null &&
        (findAmounts(norm).some((a) => a.min === p.amount && a.max === (p.amount_max ?? p.amount)) ||
          new RegExp(`(?<![\\d.])${String(p.amount).replace('.', '\\.')}(?![\\d.])`).test(norm))
      )
        return true;
      return (
        dueDay !== null &&
        findTimes(norm, at).some(
          (m) => m.to !== null && day(new Date(m.to.getTime() - 1).toISOString()) === dueDay,
        )
      );
    });
    // the source may be asked before the promise (这钱从哪来？ → 发了工资 15号还) or after it
    const upTo = after.length ? after.at(-1)!.index : i;
    const asked = askedBy(upTo);
    // told with the promise, or in the debtor's turn just before it
    const lastBefore = turns.slice(0, i).findLast((u) => u.speaker === 'debtor');
    const told = !asked && [t, lastBefore].some((u) => u !== undefined && SOURCE_TOLD.test(norms[u.index]!));
    out.push({
      turn: i,
      read_back: readBack !== undefined,
      read_back_turn: readBack?.index ?? null,
      source: asked ? 'asked' : told ? 'told' : null,
      reminder: after.some((u) => REMINDER.test(norms[u.index]!)),
    });
  });
  return out;
}
