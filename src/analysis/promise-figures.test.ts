import { describe, expect, it } from 'vitest';
import { promiseFigures } from './promise-figures';

const REF = new Date('2026-11-30T10:00:00+08:00');

describe('promiseFigures', () => {
  it('reads amount and due date of a plain promise', () => {
    expect(promiseFigures('明天吧 明天我先转两千过去', REF)).toMatchObject({
      amount: 2000,
      amount_max: 2000,
      due: '2026-12-01T23:59:59+08:00',
      due_from: '2026-12-01T00:00:00+08:00',
      kind: 'amount',
      vague: false,
      amountSpan: { text: '两千' },
      timeSpan: { text: '明天' },
    });
  });

  it('reads through ASR slips and points its spans at what was said', () => {
    expect(promiseFigures('这个月底先还最滴', REF)).toMatchObject({ kind: 'minimum', vague: false });
    expect(promiseFigures('鱼期那个 月底还两千', REF)).toMatchObject({
      amount: 2000,
      timeSpan: { start: 5, end: 7, text: '月底' },
    });
  });

  it('takes no kind from a whole payment said to be impossible, and keeps the figure', () => {
    expect(promiseFigures('实在没办法一下子全还 这周五之前先还个一千五', REF)).toMatchObject({
      kind: 'amount',
      amount: 1500,
      due: '2026-12-04T23:59:59+08:00',
    });
  });

  it('takes the figure said after a correction, and not one said to be out of reach', () => {
    expect(promiseFigures('周五还四千 不对不对 三千五', REF)).toMatchObject({ amount: 3500 });
    expect(promiseFigures('周五还四千 算了 三千五吧 四千凑不齐', REF)).toMatchObject({ amount: 3500 });
    expect(promiseFigures('六千拿不出来 明天先还两千', REF)).toMatchObject({ amount: 2000 });
    expect(promiseFigures('两千没有问题 明天就还', REF)).toMatchObject({ amount: 2000 });
    expect(promiseFigures('一千五我真的整不出来，反正那三五百我先转', REF)).toMatchObject({
      amount: 300,
      amount_max: 500,
    });
  });

  it('reads a payment told in dialect, or with 先 or 还清, as made', () => {
    for (const text of ['我上个礼拜三先还咗三千落去', '上周五先还了两千', '去年年底就全部还清了'])
      expect(promiseFigures(text, REF), text).toMatchObject({ paid: true });
    expect(promiseFigures('我先还三千', REF)).toMatchObject({ paid: false, amount: 3000 });
  });

  it('marks a turn that names times only to turn them down', () => {
    for (const text of [
      '后天？后天我哪有钱 大后天也没有',
      '月底肯定不行 下个月也悬',
      '不是明天 明天真没钱',
      '周五我还躺在医院里呢',
    ])
      expect(promiseFigures(text, REF), text).toMatchObject({ refused: true });
    for (const text of ['明天不行 后天还你', '明天没钱 后天还你五百', '月底不行 下个月五号全部还清'])
      expect(promiseFigures(text, REF)?.refused, text).toBe(false);
  });

  it('marks the collector’s figure repeated and then declined', () => {
    for (const text of ['你们要我下周一还八千 这不可能 我上哪弄去', '您让我十号前还两千 我得跟家里商量'])
      expect(promiseFigures(text, REF), text).toMatchObject({ refused: true });
    for (const text of ['你说下周一还八千是吧 行 我想办法', '下周一我还八千 不可能再拖了'])
      expect(promiseFigures(text, REF)?.refused, text).toBe(false);
  });

  it('marks paying on a waiver or plan granted as no promise (the guide: request_plan)', () => {
    for (const text of ['假如违约金能免掉 这周五我就还六千', '要是给我分期 每个月我能还八百'])
      expect(promiseFigures(text, REF), text).toMatchObject({ refused: true });
    for (const text of ['如果减免批不下来 我月底也还三千', '利息的事再说 这周五我还六千'])
      expect(promiseFigures(text, REF)?.refused, text).toBe(false);
  });

  it('marks a promise denied, a demand scorned back, paying on luck or on a guarantee, and a call-back', () => {
    for (const text of [
      '我从来没答应过下周还三千 你们别乱写',
      '谁跟你说过月底还五千的',
      '八千？我八百都拿不出来',
      '下周一还？你让我拿什么还',
      '等我借到钱了 先还你们一千',
      '只要你们答应不上征信 我这周就还两千五',
      '分期批下来了我就月底先还一期',
      '周四下午我给你个准信儿',
    ])
      expect(promiseFigures(text, REF), text).toMatchObject({ refused: true });
    for (const text of [
      '我没说不还 下周还三千',
      '我没说还过 我说的是周五还一千二',
      '八千是吧？行 下个月五号前我还上',
      '周四下午我给你回电话 周五肯定还一千',
      '等发了工资我就还两千',
    ])
      expect(promiseFigures(text, REF)?.refused, text).toBe(false);
  });

  it('does not read 还款的事 (the repayment as a topic) as a payment made', () => {
    expect(promiseFigures('还款的事我清楚 12号 12号我还两千', REF)).toMatchObject({
      amount: 2000,
      due: '2026-12-12T23:59:59+08:00',
      paid: false,
    });
    expect(promiseFigures('上个月二十号还的', REF)).toMatchObject({ paid: true });
  });

  it('reads a month said before a day of it as the frame of that day', () => {
    // REF is Mon 2026-11-30: 下个月 is December
    expect(promiseFigures('下个月工资五号发，发了我就先还两千', REF)).toMatchObject({
      amount: 2000,
      due: '2026-12-05T23:59:59+08:00',
    });
    // a day outside the month said is no part of it: both stay candidates
    expect(promiseFigures('这个月够呛 下个月十号还你三千', REF)).toMatchObject({
      amount: 3000,
      due: '2026-12-10T23:59:59+08:00',
    });
    // a month said on its own is still the time
    expect(promiseFigures('下个月还你三千', REF)).toMatchObject({ due: '2026-12-31T23:59:59+08:00' });
  });

  it('does not take the time of a hardship told for the time of paying', () => {
    expect(promiseFigures('上个厂子年中就关门了 发工资那天我就给你们转一千', REF)).toMatchObject({
      amount: 1000,
      due: null,
      vague: true,
    });
    expect(promiseFigures('上个月住院了 月底还你两千', REF)).toMatchObject({
      amount: 2000,
      due: '2026-11-30T23:59:59+08:00',
    });
  });

  it('keeps a range as amount and amount_max', () => {
    expect(promiseFigures('下周四 四五千', REF)).toMatchObject({ amount: 4000, amount_max: 5000 });
  });

  it('makes a 前 deadline start at the reference time', () => {
    expect(promiseFigures('今天下午四点前还一千', REF)).toMatchObject({
      due: '2026-11-30T16:00:00+08:00',
      due_from: '2026-11-30T10:00:00+08:00',
    });
  });

  it.each([
    ['我欠两万三，先还五千', 5000],
    ['我微信里还有一千二，一千我明天下午三点前转过去', 1000],
    ['我10号刚还了三千，20号再还两千', 2000],
    ['上个月还过八千，下周再还八千', 8000],
  ])('prefers the figure tied to paying in %s', (text, amount) => {
    expect(promiseFigures(text, REF)?.amount).toBe(amount);
  });

  it.each([
    ['昨天我还了一千，明天再还两千', '2026-12-01T23:59:59+08:00'],
    ['我工地上的钱下周才结，周五吧，先还四千', '2026-12-04T23:59:59+08:00'],
    ['我妈住院 这个月只能还最低 月底', '2026-11-30T23:59:59+08:00'],
    ['今天月底了今天晚上八点半我转过去五千', '2026-11-30T20:30:00+08:00'],
  ])('prefers the time of paying in %s', (text, due) => {
    expect(promiseFigures(text, REF)?.due).toBe(due);
  });

  it.each([
    ['月中2500', 2500, '2026-12-15T23:59:59+08:00'],
    ['周四，1200整，就这么定', 1200, '2026-12-03T23:59:59+08:00'],
    ['元旦那天 800', 800, '2027-01-01T23:59:59+08:00'],
    ['4000我下周三之前转', 4000, '2026-12-09T23:59:59+08:00'],
    ['600能 我20号前还', 600, '2026-12-20T23:59:59+08:00'],
    ['后天一早就转1600', 1600, '2026-12-02T23:59:59+08:00'],
    ['周日我去还个五十', 50, '2026-12-06T23:59:59+08:00'],
  ])('takes a bare figure beside the time as the sum in %s', (text, amount, due) => {
    expect(promiseFigures(text, REF)).toMatchObject({ amount, due, vague: false });
  });

  it.each(['明天我就打12378投诉你们', '月底 95566', '2027年 月底', '尾号6621 月底', '下周三下午3点'])(
    'takes no sum from a number that is not money in %s',
    (text) => {
      expect(promiseFigures(text, REF)?.amount).toBeNull();
    },
  );

  it.each([
    ['我上礼拜三还了两千', true],
    ['前天转的 一千二', true],
    ['二十五号那天我就存了三千', true],
    ['还过了 八百 你查一下', true],
    ['我昨天就打了一千五过去', true],
    ['之前还过两千 下周一再还两千', false],
    ['我会还的 月底', false],
    ['明天把最低的还了', false],
    ['15号我去银行还了', false],
    ['今晚八点前转了给你发截图', false],
    ['发了工资就还了 十号', false],
  ])('tells a payment made from one to come in %s', (text, paid) => {
    expect(promiseFigures(text, REF)?.paid).toBe(paid);
  });

  it.each([
    ['周六，我去柜台先还八百，下个月发了工资再多还点', 800, '2026-12-05T23:59:59+08:00'],
    ['年底生意淡得很，不过周四有笔货款回来，回来了我先还两千。', 2000, '2026-12-03T23:59:59+08:00'],
    ['我二十号发工资 到时候先还六百 月底再还六百', 600, '2026-12-20T23:59:59+08:00'],
    ['八百我现在就转 下个月那两千 我争取吧', 800, '2026-11-30T23:59:59+08:00'],
    ['五号给两千，六号我还得交学费。', 2000, '2026-12-05T23:59:59+08:00'],
    ['周三，不是今天，一千二', 1200, '2026-12-02T23:59:59+08:00'],
    ['月中也就是下个礼拜那几天 一千', 1000, '2026-12-15T23:59:59+08:00'],
    ['下周二才发钱，发了就还九百。', 900, '2026-12-08T23:59:59+08:00'],
    ['一月十号 元旦过了 两千', 2000, '2027-01-10T23:59:59+08:00'],
    ['下个礼拜吧 我那边奖金下个月初发', null, '2026-12-13T23:59:59+08:00'],
    ['周末之内 两千 我周六中午之前弄好', 2000, '2026-12-06T23:59:59+08:00'],
  ])('takes the time that governs the promised figure in %s', (text, amount, due) => {
    expect(promiseFigures(text, REF)).toMatchObject({ amount, due });
  });

  it('does not let a hedge on a later figure make the firm one vague', () => {
    expect(promiseFigures('八百我现在就转 下个月那两千 我争取吧', REF)?.vague).toBe(false);
    expect(promiseFigures('下个月两千 我争取吧', REF)?.vague).toBe(true);
  });

  it.each([
    ['一个月两千八 给我爸五百 水电两百 剩下的 一个月还个三四百', 300, 400],
    ['他知道的只是一万多 每个月我从生活费里抠个600 下周就还第一笔', 600, 600],
    ['六百七百都行', 600, 700],
  ])('takes the figure tied to repaying in %s', (text, amount, amountMax) => {
    expect(promiseFigures(text, REF)).toMatchObject({ amount, amount_max: amountMax, kind: 'amount' });
  });

  it.each([
    ['利息先不管，本金八千五，下个月我一次性打给你', undefined, 'amount', 8500],
    ['利息先不管，本金八千五，下个月我一次性打给你', { balance: 10200 }, 'amount', 8500],
    ['一万二是吧 下个月一次性给你', { balance: 12000 }, 'full', 12000],
    ['下个月一次性给你', { balance: 12000 }, 'full', 12000],
    ['先不说全部 就周五 一千', undefined, 'amount', 1000],
    ['月底先还三千 再过两个月把剩下的清了', undefined, 'amount', 3000],
    // The guide: 全部 is full even beside a figure; the amount is the balance from the facts, and
    // without them the figure the debtor said.
    ['下个月底 一万八全部还上', undefined, 'full', 18000],
    ['下个月全部还清', undefined, 'full', null],
    ['最低七百 我明天还上', undefined, 'minimum', 700],
    ['最低七百 我明天还上', { minimum_payment: 720 }, 'minimum', 720],
    ['下个月底 一万八全部还上', { balance: 18000 }, 'full', 18000],
  ])('reads 一次性, 全部 and 清 beside a figure in %s', (text, facts, kind, amount) => {
    expect(promiseFigures(text, REF, facts)).toMatchObject({ kind, amount });
  });

  it('keeps 最低 when a figure said before it is not what is paid', () => {
    expect(
      promiseFigures('一千二 我微信里就有 明天把最低的还了', REF, { minimum_payment: 1250 }),
    ).toMatchObject({ kind: 'minimum', amount: 1250 });
    expect(promiseFigures('我还一千 最低的那个下个月再说', REF, { minimum_payment: 1250 })).toMatchObject({
      kind: 'amount',
      amount: 1000,
    });
  });

  it('takes the minimum payment from the facts', () => {
    expect(promiseFigures('那我先把最低还了明天中午之前', REF, { minimum_payment: 1268 })).toMatchObject({
      kind: 'minimum',
      amount: 1268,
      amount_max: 1268,
      vague: false,
    });
  });

  it('leaves the minimum amount null without facts, which makes it not vague by itself', () => {
    expect(promiseFigures('这周五我先还个最低的', REF)).toMatchObject({
      kind: 'minimum',
      amount: null,
      vague: false,
    });
  });

  it('takes the balance for 全部/一次性/结清', () => {
    expect(promiseFigures('下个月我一次性结清', REF, { balance: 42800 })).toMatchObject({
      kind: 'full',
      amount: 42800,
    });
    expect(promiseFigures('下个月全部还清', REF)).toMatchObject({ kind: 'full', amount: null });
  });

  it.each([
    ['最低两千一百三我拿不出来 明天先还一千', 'amount', 1000],
    ['你说最低一千二我只能还八百明天', 'amount', 800],
    ['12号我先还个最低 全部的真还不了', 'minimum', null],
    ['四万二千八 我下个月全部一次性结清 最低那个两千多我就不还了', 'full', 42800],
  ])('reads the kind that is promised in %s', (text, kind, amount) => {
    expect(promiseFigures(text, REF)).toMatchObject({ kind, amount });
  });

  it.each([
    ['这个月底我还', true], // no amount
    ['过两天还三千', true], // loose time
    ['争取明天还三千', true], // hedge
    ['有钱就还', true], // no resolution
    ['明天还三千', false],
    ['嗯 15号 我们厂15号发工资 发了我就还三千', false], // the payday has a date
  ])('judges vagueness of %s', (text, vague) => {
    expect(promiseFigures(text, REF)?.vague).toBe(vague);
  });

  it('lets a correction settle the time and withdraw a hedge', () => {
    expect(
      promiseFigures('最低七百三十五，五号之前，不对，就五号当天吧，五号。', REF, { minimum_payment: 735 }),
    ).toMatchObject({
      due_from: '2026-12-05T00:00:00+08:00',
      kind: 'minimum',
    });
    expect(promiseFigures('10号，三千五差不多，不对，就三千五', REF)?.vague).toBe(false);
  });

  it('drops a time the debtor turns down', () => {
    expect(promiseFigures('这个月够呛 手上一有就先还一千', REF)).toMatchObject({
      amount: 1000,
      due: null,
      vague: true,
    });
  });

  it('reads 全给你还了 as the full balance', () => {
    expect(promiseFigures('月底我老公发工资 我直接全给你还了', REF, { balance: 8800 })).toMatchObject({
      kind: 'full',
      amount: 8800,
      due: '2026-11-30T23:59:59+08:00',
    });
  });

  it('does not read 全 over a part of the debt as the full balance', () => {
    expect(promiseFigures('这礼拜我就把本金全打过去', REF, { balance: 8800 })?.kind).toBe('amount');
  });

  it('reads 全结了 / 清了 as the full balance', () => {
    expect(promiseFigures('元旦前吧 一万五千六全结了', REF, { balance: 15600 })).toMatchObject({
      kind: 'full',
      amount: 15600,
    });
  });

  it('returns null when there is neither amount, time nor kind', () => {
    expect(promiseFigures('我真的没钱', REF)).toBeNull();
    expect(promiseFigures('你们别再打了', REF)).toBeNull();
  });

  it('ignores amounts in foreign currency', () => {
    expect(promiseFigures('明天还三百美元', REF)?.amount).toBeNull();
  });
});
