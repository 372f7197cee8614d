import { describe, expect, it } from 'vitest';
import { formatInZone, SHANGHAI } from '../domain/calendar';
import { findTimes, springFestival } from './when';

const iso = (d: Date | null) => (d ? formatInZone(d, SHANGHAI) : null);

/** The one mention in `text`, as [text, from, to] in Shanghai wall time. */
function one(text: string, ref: string): [string, string | null, string | null] {
  const found = findTimes(text, new Date(ref));
  expect(found).toHaveLength(1);
  const m = found[0]!;
  return [m.text, iso(m.from), iso(m.to)];
}

const MON = '2026-11-30T10:00:00+08:00'; // the guide's reference: Monday

describe('findTimes on the labelling guide table (reference Mon 2026-11-30 10:00)', () => {
  it.each([
    ['今天', '2026-11-30T00:00:00+08:00', '2026-11-30T23:59:59+08:00'],
    ['今天晚上', '2026-11-30T18:00:00+08:00', '2026-11-30T23:59:59+08:00'],
    ['明天', '2026-12-01T00:00:00+08:00', '2026-12-01T23:59:59+08:00'],
    ['后天', '2026-12-02T00:00:00+08:00', '2026-12-02T23:59:59+08:00'],
    ['大后天', '2026-12-03T00:00:00+08:00', '2026-12-03T23:59:59+08:00'],
    ['明天下午三点', '2026-12-01T15:00:00+08:00', '2026-12-01T15:00:00+08:00'],
    ['今天下午四点前', MON, '2026-11-30T16:00:00+08:00'],
    ['明天中午之前', MON, '2026-12-01T12:00:00+08:00'],
    ['15号', '2026-12-15T00:00:00+08:00', '2026-12-15T23:59:59+08:00'],
    ['下个月15号', '2026-12-15T00:00:00+08:00', '2026-12-15T23:59:59+08:00'],
    ['下月15号', '2026-12-15T00:00:00+08:00', '2026-12-15T23:59:59+08:00'],
    ['月底', '2026-11-30T00:00:00+08:00', '2026-11-30T23:59:59+08:00'],
    ['这个月底', '2026-11-30T00:00:00+08:00', '2026-11-30T23:59:59+08:00'],
    ['下个月底', '2026-12-31T00:00:00+08:00', '2026-12-31T23:59:59+08:00'],
    ['月中', '2026-12-15T00:00:00+08:00', '2026-12-15T23:59:59+08:00'],
    ['月初', '2026-12-01T00:00:00+08:00', '2026-12-05T23:59:59+08:00'],
    ['这周五', '2026-12-04T00:00:00+08:00', '2026-12-04T23:59:59+08:00'],
    ['周五', '2026-12-04T00:00:00+08:00', '2026-12-04T23:59:59+08:00'],
    ['下周三', '2026-12-09T00:00:00+08:00', '2026-12-09T23:59:59+08:00'],
    ['这周内', MON, '2026-12-06T23:59:59+08:00'],
    ['这周之内', MON, '2026-12-06T23:59:59+08:00'],
    ['下周', '2026-12-07T00:00:00+08:00', '2026-12-13T23:59:59+08:00'],
    ['下个月', '2026-12-01T00:00:00+08:00', '2026-12-31T23:59:59+08:00'],
    ['15号到20号之间', '2026-12-15T00:00:00+08:00', '2026-12-20T23:59:59+08:00'],
    ['三天内', MON, '2026-12-03T23:59:59+08:00'],
    ['三天之内', MON, '2026-12-03T23:59:59+08:00'],
    ['过两天', '2026-12-02T00:00:00+08:00', '2026-12-02T23:59:59+08:00'],
    ['年底', '2026-12-31T00:00:00+08:00', '2026-12-31T23:59:59+08:00'],
    ['年前', MON, '2027-02-05T23:59:59+08:00'],
  ])('resolves %s', (text, from, to) => {
    expect(one(text, MON)).toEqual([text, from, to]);
  });

  it.each(['过几天', '过段时间', '有钱就还', '等发了工资', '尽快'])(
    'finds the loose phrase %s with no resolution',
    (text) => {
      const [m] = findTimes(text, new Date(MON));
      expect(m).toMatchObject({ from: null, to: null, vague: true });
    },
  );

  it('marks 过两天 vague and 前/内 as deadlines', () => {
    expect(findTimes('过两天', new Date(MON))[0]).toMatchObject({ vague: true, deadline: false });
    expect(findTimes('今天下午四点前', new Date(MON))[0]).toMatchObject({ deadline: true, grain: 'hour' });
    expect(findTimes('三天内', new Date(MON))[0]).toMatchObject({ deadline: true, grain: 'day' });
  });
});

describe('findTimes beyond the table', () => {
  it.each([
    ['12月15日', '2026-12-15T00:00:00+08:00', '2026-12-15T23:59:59+08:00'],
    ['12.15', '2026-12-15T00:00:00+08:00', '2026-12-15T23:59:59+08:00'],
    ['12月15号', '2026-12-15T00:00:00+08:00', '2026-12-15T23:59:59+08:00'],
    ['十二月二十号', '2026-12-20T00:00:00+08:00', '2026-12-20T23:59:59+08:00'],
    ['2026-12-15', '2026-12-15T00:00:00+08:00', '2026-12-15T23:59:59+08:00'],
    ['1月3号', '2027-01-03T00:00:00+08:00', '2027-01-03T23:59:59+08:00'],
    ['元旦', '2027-01-01T00:00:00+08:00', '2027-01-01T23:59:59+08:00'],
    ['元旦前', MON, '2026-12-31T23:59:59+08:00'],
    ['春节前', MON, '2027-02-05T23:59:59+08:00'],
    ['春节', '2027-02-06T00:00:00+08:00', '2027-02-06T23:59:59+08:00'],
    ['除夕', '2027-02-05T00:00:00+08:00', '2027-02-05T23:59:59+08:00'],
    ['下下周一', '2026-12-14T00:00:00+08:00', '2026-12-14T23:59:59+08:00'],
    ['下周末', '2026-12-12T00:00:00+08:00', '2026-12-13T23:59:59+08:00'],
    ['下周一到周三', '2026-12-07T00:00:00+08:00', '2026-12-09T23:59:59+08:00'],
    // two weekdays side by side are a span; a weekday after a weekend is a day of it
    ['下周三周四', '2026-12-09T00:00:00+08:00', '2026-12-10T23:59:59+08:00'],
    ['周六或者周日', '2026-12-05T00:00:00+08:00', '2026-12-06T23:59:59+08:00'],
    ['这周末 礼拜六', '2026-12-05T00:00:00+08:00', '2026-12-05T23:59:59+08:00'],
    ['下周末，周日', '2026-12-13T00:00:00+08:00', '2026-12-13T23:59:59+08:00'],
    ['这周末周六周日', '2026-12-05T00:00:00+08:00', '2026-12-06T23:59:59+08:00'],
    ['明天或者后天', '2026-12-01T00:00:00+08:00', '2026-12-02T23:59:59+08:00'],
    ['下午5点到7点', '2026-11-30T17:00:00+08:00', '2026-11-30T19:00:00+08:00'],
    ['晚上11点到凌晨2点', '2026-11-30T23:00:00+08:00', '2026-12-01T02:00:00+08:00'],
    ['三点半', '2026-11-30T15:30:00+08:00', '2026-11-30T15:30:00+08:00'],
    ['八点前', MON, '2026-11-30T20:00:00+08:00'],
    ['半小时内', MON, '2026-11-30T10:30:00+08:00'],
    ['15个工作日内', MON, '2026-12-21T23:59:59+08:00'],
    ['下周之内', '2026-12-07T00:00:00+08:00', '2026-12-13T23:59:59+08:00'],
    ['马上', MON, '2026-11-30T23:59:59+08:00'],
    ['后儿个', '2026-12-02T00:00:00+08:00', '2026-12-02T23:59:59+08:00'],
    ['双十一', '2027-11-11T00:00:00+08:00', '2027-11-11T23:59:59+08:00'],
    ['圣诞节', '2026-12-25T00:00:00+08:00', '2026-12-25T23:59:59+08:00'],
    ['平安夜之前', MON, '2026-12-23T23:59:59+08:00'],
    ['五一之前', MON, '2027-04-30T23:59:59+08:00'],
  ])('resolves %s', (text, from, to) => {
    expect(one(text, MON)).toEqual([text, from, to]);
  });

  it.each([
    '快一点还',
    '我早一点还',
    '一时半会还不上',
    '还三千',
    '尾号1234',
    '第二期',
    '分12期',
    '两天',
    '下周一定还',
  ])('finds no date in %s', (text) => {
    expect(findTimes(text, new Date(MON)).filter((m) => m.grain === 'day' && m.text !== '下周')).toEqual([]);
  });

  it.each([
    '减八点八',
    '二十点六',
    '零点五',
    '调高24点5度',
    '这个玩具一点都不好玩',
    '一日之计在于晨',
    '下个月一次性还',
  ])('does not read a decimal or an idiom as a day or clock in %s', (text) => {
    expect(findTimes(text, new Date(MON)).filter((m) => m.grain !== 'month')).toEqual([]);
  });

  it.each(['大过年的你们还打', '大清早的打什么电话'])('does not read the idiom in %s as a time', (text) => {
    expect(findTimes(text, new Date(MON))).toEqual([]);
  });

  it('leaves 过完年 unresolved: no end is said', () => {
    expect(findTimes('过完年还两千', new Date(MON))[0]).toMatchObject({ from: null, to: null, vague: true });
  });

  it('keeps 号 before 之前 and 之间', () => {
    expect(one('15号之前', MON)).toEqual(['15号之前', MON, '2026-12-15T23:59:59+08:00']);
  });

  it('reads a date and a clock separated by a space', () => {
    expect(one('2026-12-15 18:30', MON)[1]).toBe('2026-12-15T18:30:00+08:00');
  });

  it('reads 下周一定还 as next week, not next Monday', () => {
    expect(one('下周一定还', MON)).toEqual([
      '下周',
      '2026-12-07T00:00:00+08:00',
      '2026-12-13T23:59:59+08:00',
    ]);
  });

  it.each([
    ['后天下午四点两千块', '后天下午四点', '2026-12-02T16:00:00+08:00'],
    ['明早八点三千', '明早八点', '2026-12-01T08:00:00+08:00'],
    ['周三晚上九点一万', '周三晚上九点', '2026-12-02T21:00:00+08:00'],
  ])('stops the clock before a figure with 百/千/万 in %s', (text, span, at) => {
    expect(one(text, MON)).toEqual([span, at, at]);
  });

  it('reads no clock in a bare 三点五万 (a decimal figure)', () => {
    expect(findTimes('三点五万', new Date(MON))).toEqual([]);
  });

  it('reads 下礼拜一次性 as next week, not next Monday', () => {
    expect(one('下礼拜一次性还清', MON)).toEqual([
      '下礼拜',
      '2026-12-07T00:00:00+08:00',
      '2026-12-13T23:59:59+08:00',
    ]);
  });

  it('reads 这礼拜X said on a Sunday in the week that Sunday opens', () => {
    const sun = '2026-12-06T15:00:00+08:00';
    expect(one('这礼拜三', sun)).toEqual([
      '这礼拜三',
      '2026-12-09T00:00:00+08:00',
      '2026-12-09T23:59:59+08:00',
    ]);
    expect(one('这周日', sun)[1]).toBe('2026-12-06T00:00:00+08:00');
    expect(one('这周三', MON)[1]).toBe('2026-12-02T00:00:00+08:00');
  });

  it.each([
    ['明个', '2026-12-01'],
    ['明朝', '2026-12-01'],
    ['听日', '2026-12-01'],
    ['今朝', '2026-11-30'],
  ])('reads the dialect day word %s', (text, day) => {
    expect(one(`${text}我去还`, MON)).toEqual([text, `${day}T00:00:00+08:00`, `${day}T23:59:59+08:00`]);
  });

  it('reads N天里头 as N天之内', () => {
    expect(one('两天里头', MON)).toEqual(['两天里头', MON, '2026-12-02T23:59:59+08:00']);
  });

  it.each([
    ['一个月三千六十号发', '十号', '2026-12-10'],
    ['两千五十五号给你', '十五号', '2026-12-15'],
    ['三千二十号还', '二十号', '2026-12-20'],
  ])('finds the day glued to a figure in %s', (text, span, day) => {
    expect(one(text, MON)).toEqual([span, `${day}T00:00:00+08:00`, `${day}T23:59:59+08:00`]);
  });

  it('reads 一早 as the whole day unless a clock follows', () => {
    expect(one('明天一早就还', MON)).toEqual([
      '明天',
      '2026-12-01T00:00:00+08:00',
      '2026-12-01T23:59:59+08:00',
    ]);
    expect(one('明天一早8点', MON)).toEqual([
      '明天一早8点',
      '2026-12-01T08:00:00+08:00',
      '2026-12-01T08:00:00+08:00',
    ]);
  });

  it('gives a later clock mention the day named earlier in the turn', () => {
    const [, second] = findTimes('明天下午三点，三点我准时转', new Date(MON));
    expect(iso(second!.from)).toBe('2026-12-01T15:00:00+08:00');
  });

  it('reads a bare N号 in the month of a later month said with a day earlier in the turn', () => {
    // said on Tue 2026-12-01; 发工资 is a mention with no date of its own
    const days = (text: string) =>
      findTimes(text, new Date('2026-12-01T10:00:00+08:00'))
        .filter((m) => m.from)
        .map((m) => [m.text, iso(m.from)?.slice(0, 10)]);
    expect(days('下个月10号发工资 我10号就还')).toEqual([
      ['下个月10号', '2027-01-10'],
      ['10号', '2027-01-10'],
    ]);
    expect(days('1月5号开工资，8号给你转')).toEqual([
      ['1月5号', '2027-01-05'],
      ['8号', '2027-01-08'],
    ]);
    // this month or a past one, no day with the month, or a part of a month: the bare day reads as alone
    expect(days('这个月20号发工资，25号还')[1]).toEqual(['25号', '2026-12-25']);
    expect(days('上个月5号发的工资 我15号还')[1]).toEqual(['15号', '2026-12-15']);
    expect(days('下个月底之前，5号先还一点')[1]).toEqual(['5号', '2026-12-05']);
    expect(days('下个月发工资，我15号还')[1]).toEqual(['15号', '2026-12-15']);
  });
});

describe('findTimes across weeks, months and years', () => {
  const SUN = '2026-12-06T10:00:00+08:00';

  it.each([
    ['周一', '2026-12-07T00:00:00+08:00'],
    ['周日', '2026-12-13T00:00:00+08:00'], // today said as a future day is next week's
    ['这周日', '2026-12-06T00:00:00+08:00'],
    ['下周日', '2026-12-13T00:00:00+08:00'],
    ['下周一', '2026-12-07T00:00:00+08:00'],
  ])('on a Sunday resolves %s with Monday-start weeks', (text, from) => {
    expect(one(text, SUN)[1]).toBe(from);
  });

  it('ends 这周内 on the reference Sunday itself', () => {
    expect(one('这周内', SUN)).toEqual(['这周内', SUN, '2026-12-06T23:59:59+08:00']);
  });

  it.each([
    ['月底', '2028-02-29T00:00:00+08:00'],
    ['29号', '2028-02-29T00:00:00+08:00'],
    ['2月29日', '2028-02-29T00:00:00+08:00'],
    ['下个月29号', '2028-03-29T00:00:00+08:00'],
  ])('knows 2028 is a leap year: %s', (text, from) => {
    expect(one(text, '2028-02-10T10:00:00+08:00')[1]).toBe(from);
  });

  it.each([
    ['下个月底', '2027-02-28T00:00:00+08:00'],
    ['下个月30号', '2027-02-28T00:00:00+08:00'],
    ['30号', '2027-03-30T00:00:00+08:00'],
    ['31号', '2027-01-31T00:00:00+08:00'],
  ])('handles month ends from the 31st: %s', (text, from) => {
    expect(one(text, '2027-01-31T10:00:00+08:00')[1]).toBe(from);
  });

  it('skips to the next month that has a 31st', () => {
    expect(one('31号', '2026-11-10T10:00:00+08:00')[1]).toBe('2026-12-31T00:00:00+08:00');
  });

  it('takes this month 月初 while its first five days last', () => {
    expect(one('月初', '2026-12-03T10:00:00+08:00')).toEqual([
      '月初',
      '2026-12-01T00:00:00+08:00',
      '2026-12-05T23:59:59+08:00',
    ]);
  });

  it.each([
    ['下月中旬', '2027-01-11T00:00:00+08:00', '2027-01-20T23:59:59+08:00'],
    ['下个月上旬', '2027-01-01T00:00:00+08:00', '2027-01-10T23:59:59+08:00'],
    ['12月中旬', '2026-12-11T00:00:00+08:00', '2026-12-20T23:59:59+08:00'],
    ['本月下旬', '2026-12-21T00:00:00+08:00', '2026-12-31T23:59:59+08:00'],
    ['明年2月下旬', '2027-02-21T00:00:00+08:00', '2027-02-28T23:59:59+08:00'],
  ])('reads %s as the ten days it names, not as 月中 (said 2026-12-02)', (said, from, to) => {
    const [, f, t] = one(said, '2026-12-02T10:00:00+08:00');
    expect([f, t]).toEqual([from, to]);
  });

  it('moves 年前 to the next Spring Festival once this one has passed', () => {
    expect(one('年前', '2027-02-10T10:00:00+08:00')[2]).toBe('2028-01-25T23:59:59+08:00');
  });
});

describe('findTimes late at night (the UTC date differs from the Shanghai date)', () => {
  const AFTER_MIDNIGHT = '2026-11-30T00:30:00+08:00'; // 2026-11-29T16:30Z

  it.each([
    ['今天', '2026-11-30T00:00:00+08:00'],
    ['明天', '2026-12-01T00:00:00+08:00'],
    ['今晚', '2026-11-30T18:00:00+08:00'],
    ['凌晨两点', '2026-11-30T02:00:00+08:00'],
  ])('reads %s by the Shanghai calendar', (text, from) => {
    expect(one(text, AFTER_MIDNIGHT)[1]).toBe(from);
  });

  it('lets a deadline said at 23:30 end the same night', () => {
    expect(one('今天之内', '2026-11-30T23:30:00+08:00')).toEqual([
      '今天之内',
      '2026-11-30T23:30:00+08:00',
      '2026-11-30T23:59:59+08:00',
    ]);
  });

  it('moves a clock time already past to the next day', () => {
    expect(one('三点前', '2026-11-30T23:30:00+08:00')[2]).toBe('2026-12-01T15:00:00+08:00');
  });
});

describe('springFestival', () => {
  it.each([
    [2020, '2020-01-25'],
    [2026, '2026-02-17'],
    [2027, '2027-02-06'],
    [2030, '2030-02-03'],
    [2050, '2050-01-23'],
  ])('knows 春节 %i is %s', (year, date) => {
    expect(new Date(springFestival(year)! * 86_400_000).toISOString().slice(0, 10)).toBe(date);
  });

  it('agrees with the ICU Chinese calendar except where ICU departs from the official one', () => {
    // ICU computes new moons astronomically and lands a day off in 2027 and 2030; 紫金山天文台's
    // calendar (and the labelling guide) say 2027-02-06 and 2030-02-03.
    const icu = new Intl.DateTimeFormat('en-u-ca-chinese', {
      timeZone: 'UTC',
      month: 'numeric',
      day: 'numeric',
    });
    const differs: number[] = [];
    for (let y = 2000; y <= 2050; y++) {
      const day = springFestival(y)!;
      const parts = icu.formatToParts(new Date(day * 86_400_000));
      const md = `${parts.find((p) => p.type === 'month')?.value}/${parts.find((p) => p.type === 'day')?.value}`;
      if (md !== '1/1') differs.push(y);
    }
    expect(differs).toEqual([2027, 2030]);
  });

  it('has no entry outside 2000–2050', () => {
    expect(springFestival(1999)).toBeNull();
    expect(springFestival(2051)).toBeNull();
  });
});
