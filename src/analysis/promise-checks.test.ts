import { describe, expect, it } from 'vitest';
import type { OutputTurn, PromiseToPay } from './contract';
import { normalize } from './normalize';
import { promiseChecks } from './promise-checks';

const AT = new Date('2026-11-30T10:00:00+08:00');
const TZ = 'Asia/Shanghai';

/** 3000 by 2026-12-15, said in the turn `text`. */
const promised = (text: string, index: number): PromiseToPay => ({
  amount: 3000,
  amount_max: 3000,
  due: '2026-12-15T23:59:59+08:00',
  due_from: '2026-12-15T00:00:00+08:00',
  kind: 'amount',
  vague: false,
  text,
  turn: index,
});

/** A call from 'A:' / 'D:' lines; a debtor line marked with * made the promise above. */
function call(...lines: string[]): OutputTurn[] {
  return lines.map((l, index) => {
    const text = l.slice(2).replace(/^\*/, '');
    const speaker = l.startsWith('A:') ? 'agent' : 'debtor';
    return {
      index,
      speaker,
      text,
      audience: speaker === 'agent' ? 'debtor' : 'debtor',
      strategies: [],
      reasons: [],
      intents: [],
      labels: [],
      violations: [],
      promise: l.slice(2).startsWith('*') ? promised(text, index) : null,
    };
  });
}

const checks = (turns: OutputTurn[]) =>
  promiseChecks(
    turns,
    turns.map((t) => normalize(t.text)),
    AT,
    TZ,
  );

describe('promiseChecks', () => {
  it('finds the amount or the day said back, and which turn said it', () => {
    for (const back of ['好的 3000 我这边记好了', '好，十二月十五号，您用App还就行', '行 三千块 15号之前']) {
      const [c] = checks(call('A:这个月能先还多少', 'D:*15号我还三千', `A:${back}`));
      expect(c, back).toMatchObject({ turn: 1, read_back: true, read_back_turn: 2 });
    }
  });

  it('takes a confirmation in words as said back', () => {
    const [c] = checks(call('D:*15号我还三千', 'A:好的我给您记上了'));
    expect(c!.read_back).toBe(true);
  });

  it('does not take another figure, a bare yes, or a turn after the next promise as said back', () => {
    expect(checks(call('D:*15号我还三千', 'A:好的好的'))[0]!.read_back).toBe(false);
    expect(checks(call('D:*15号我还三千', 'A:您一共欠一万二'))[0]!.read_back).toBe(false);
    const [first] = checks(call('D:*15号我还三千', 'D:*不对 月底吧', 'A:好 15号三千'));
    expect(first!.read_back).toBe(false);
    // three collector turns at most
    const late = checks(call('D:*15号我还三千', 'A:嗯', 'A:您稍等', 'A:我看一下', 'A:15号三千'));
    expect(late[0]!.read_back).toBe(false);
  });

  it('knows whether the source of the money was asked, told unasked, or neither', () => {
    expect(checks(call('A:这三千从哪来呢', 'D:*我老公15号发工资 我还三千'))[0]!.source).toBe('asked');
    expect(checks(call('D:*15号发了工资我还三千', 'A:好的'))[0]!.source).toBe('told');
    expect(checks(call('D:*15号我还三千', 'A:好的'))[0]!.source).toBeNull();
    // the channel of a payment is not its source
    expect(checks(call('A:您是从哪个渠道还的', 'D:*15号我还三千'))[0]!.source).toBeNull();
  });

  it('hears the collector promise a reminder, not the debtor asked to call ahead', () => {
    expect(checks(call('D:*15号我还三千', 'A:好 到时候我提前一天发短信提醒您'))[0]!.reminder).toBe(true);
    expect(checks(call('D:*15号我还三千', 'A:好 有变化您提前跟我说一声'))[0]!.reminder).toBe(false);
  });

  it('gives one check per promise, in order', () => {
    const cs = checks(call('D:*15号我还三千', 'A:好 15号三千', 'D:*剩下的月底再还三千', 'A:嗯'));
    expect(cs.map((c) => [c.turn, c.read_back])).toEqual([
      [0, true],
      [2, false],
    ]);
  });
});
