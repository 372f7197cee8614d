import { describe, expect, it } from 'vitest';
import { checkOpening, hasCompany, REFUSE_IDENTITY } from './identity';
import { normalize } from './normalize';

const a = (text: string) => ({ speaker: 'agent' as const, norm: normalize(text) });
const d = (text: string) => ({ speaker: 'debtor' as const, norm: normalize(text) });
const t = (text: string) => ({ speaker: 'third_party' as const, norm: normalize(text) });

describe('company names in an opening', () => {
  it.each([
    ['我是恒信资产管理公司的小周', true],
    ['我长春吉信的小于 工号2203', true],
    ['这里是中原汇信 我是客服小马', true],
    ['我是中信银行委托的安和信息小孙', true],
    ['我系东莞莞信嘅催收员阿斌', true],
    ['我是招联消费金融委托的，深圳鹏程的小古', true],
    ['我是催收的小张', false],
    ['我是招商银行的小王', false],
    ['喂 您好 请问是张先生吗', false],
  ])('%s names a company: %s', (text, yes) => {
    expect(hasCompany(normalize(text))).toBe(yes);
  });
});

describe('the opening window', () => {
  it('accepts company, staff number and client before the debt', () => {
    const v = checkOpening([
      a('喂 请问是李强吗'),
      d('是我'),
      a('我是诚泰资产的小韦 工号3057 受中信银行委托 联系您信用卡的事'),
    ]);
    expect(v).toEqual({ ok: true, missing: [], turn: 2 });
  });

  it('flags an opening that goes to the debt first and introduces itself only when asked', () => {
    const v = checkOpening([
      a('喂 李强是吧 你那卡欠款的事你心里有数吧'),
      d('你谁啊'),
      a('我是诚泰资产的小韦 工号3057 受中信银行委托'),
    ]);
    expect(v.ok).toBe(false);
    expect(v.missing).toEqual(['company', 'name_or_id', 'client']);
    expect(v.turn).toBe(0);
  });

  it('does not ask for the client when only a third party was reached', () => {
    const v = checkOpening([
      a('喂 您好 请问是孙浩吗'),
      t('他不在'),
      a('阿姨您好，我是瑞丰资产的小马，工号6012，麻烦让他回个电话'),
    ]);
    expect(v.ok).toBe(true);
  });

  it('names what is missing', () => {
    expect(checkOpening([a('喂 我是小李 工号3321'), d('嗯'), a('您尾号1234的卡逾期了')]).missing).toEqual([
      'company',
      'client',
    ]);
  });

  it('counts the client named in the facts', () => {
    expect(checkOpening([a('您好我是恒信资产的小王工号1 代表浦发跟您联系'), d('嗯')], '浦发').ok).toBe(true);
  });
});

describe('refusing to identify', () => {
  it.each([
    ['工号不方便透露', true],
    ['你别管我是谁', true],
    ['问那么多干嘛 你就说还不还', true],
    ['具体的你问广发去', true],
    ['我是恒信资产的小王，工号1024', false],
    ['不用说了 我都明白', false],
  ])('%s refuses: %s', (text, yes) => {
    expect(REFUSE_IDENTITY.test(normalize(text))).toBe(yes);
  });
});

describe('company named after the client', () => {
  it.each([
    ['我是光大银行委托的，南昌洪信的刘芳，工号3810。'],
    ['我是浦发银行委托的 上海申汇的小吴 工号2610'],
    ['我是深圳鹏信的刘洋，工号7710，受招商银行委托'],
  ])('%s names a company', (text) => {
    expect(hasCompany(normalize(text))).toBe(true);
  });
});

describe('an opening through a third party', () => {
  it('withholds the client from the relative and names it once the debtor is on the line', () => {
    const turns = [
      a('喂，您好，请问是孙浩吗？'),
      t('他不在，我是他妈妈。你哪位啊？'),
      a('阿姨您好，我是瑞丰资产的小马，工号6012，麻烦让他回个电话'),
      t('浩浩，电话！'),
      d('喂'),
      a('孙先生您好，我是瑞丰资产的小马，受招商银行委托，跟您说一下信用卡逾期的事'),
    ];
    expect(checkOpening(turns).ok).toBe(true);
  });

  it('flags a debtor phase that goes straight to the debt', () => {
    const turns = [
      a('您好，我是瑞丰资产的小马，工号6012'),
      t('他在，我叫他'),
      d('喂'),
      a('你那卡欠了两万了知道吧'),
    ];
    expect(checkOpening(turns).missing).toEqual(['client', 'company', 'name_or_id']);
  });
});

describe('openings that look complete but are not', () => {
  it('does not take the bank’s own legal department for an agency', () => {
    expect(hasCompany(normalize('我是广发银行法务部的'))).toBe(false);
  });
  it.each([['喂 石磊吗 华夏的卡 你打算什么时候还'], ['郭亮 平安的卡还不还']])(
    'ends the opening at debt talk: %s',
    (text) => {
      expect(checkOpening([a(text), d('你哪家的'), a('鼎盛资产 工号2087 华夏银行委托的')]).ok).toBe(false);
    },
  );
  it('accepts a name and staff number to a relative', () => {
    expect(
      checkOpening([a('喂 你好 请问是孙丽吗'), t('我是她姐'), a('您好，我姓吴，工号4410，麻烦让她回电')]).ok,
    ).toBe(true);
  });
  it('hears "你不用管我叫什么" as a refusal', () => {
    expect(REFUSE_IDENTITY.test(normalize('你不用管我叫什么，你就说这钱你还不还'))).toBe(true);
  });
});

describe('agency named after its client, or without a company suffix', () => {
  it.each([
    ['我是建设银行委托的中信达资产，我叫吕鑫', true],
    ['我是交通银行委托的鸿泰资产 我叫孟凡', true],
    ['我是广发银行信用卡中心的', false],
    ['喂 谢总 我开福信达的曾勇 工号1977 华夏银行委托的', true],
    ['晋通商务。工号1845，我姓吕，受中国银行委托', true],
    ['我这边的小王 工号1234', false],
  ])('%s names an agency: %s', (text, yes) => {
    expect(hasCompany(normalize(text))).toBe(yes);
  });
});

describe('an in-house collector', () => {
  it.each([
    ['您好，我是招商银行信用卡中心的小王，工号2231'],
    ['这里是津和消费金融 我是贷后的刘敏 工号0815'],
    ['我系广发银行嘅催收员阿玲 工号5520'],
    ['喂 梁先生您好 平安银行信用卡中心 我系蔡俊 工号3390'],
    ['喂 您好 天津津和消费金融贷后专员高原 工号0456'],
  ])('"%s" names company and client in one', (text) => {
    expect(checkOpening([a(text), d('嗯'), a('您那张卡逾期了')]).ok).toBe(true);
  });
  it.each([['我是招商银行委托的 工号2231'], ['您好 我是银行的小王'], ['您好 我是小王 您平安银行的卡']])(
    '"%s" still misses an element',
    (text) => {
      expect(checkOpening([a(text), d('嗯'), a('您那张卡逾期了')]).ok).toBe(false);
    },
  );
});

describe('the client by its short name, and debt talk by a sum', () => {
  it.each([
    ['您好 我是恒信资产的小王 工号2231 建行委托的'],
    ['喂 您好 我是鹏程资产的小古 工号0815 还是招联那笔借款想跟您聊聊'],
    ['您好 我是安和信息的小孙 工号3301 代表马上金融跟您联系'],
  ])('"%s" names the client', (text) => {
    expect(checkOpening([a(text), d('嗯'), a('您那张卡逾期了')]).ok).toBe(true);
  });
  it('does not take an apology on the company’s behalf for the client', () => {
    expect(checkOpening([a('您好 我是恒信资产的小王 工号2231 代表公司跟您道个歉'), d('嗯')]).missing).toEqual(
      ['client'],
    );
  });
  it.each([['喂 刘伟是吧 上回说十五号还三千 钱呢'], ['喂 王芳吗 核对一下您账户的情况']])(
    'ends the opening at "%s"',
    (text) => {
      expect(checkOpening([a(text), d('你谁啊'), a('我是诚泰资产的小韦 工号3057 受中信银行委托')]).ok).toBe(
        false,
      );
    },
  );
});
