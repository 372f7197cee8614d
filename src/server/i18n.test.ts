import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { localizeIssue, pickLang } from './i18n';

describe('pickLang', () => {
  it.each([
    [undefined, 'zh'],
    ['', 'zh'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh'],
    ['en-US,en;q=0.9', 'en'],
    ['en;q=0.5, zh-CN;q=0.9', 'zh'],
    ['fr-FR, en;q=0.8', 'en'],
    ['fr-FR', 'zh'],
    ['zh-TW', 'zh'],
    ['en;q=0, zh;q=0', 'zh'],
    ['*', 'zh'],
  ])('Accept-Language %j chooses %s', (header, lang) => {
    expect(pickLang(header)).toBe(lang);
  });
});

describe('localizeIssue', () => {
  const schema = z.object({
    amountFen: z.int().positive(),
    name: z.string().min(1),
    at: z.iso.datetime({ offset: true }),
    kind: z.enum(['a', 'b']),
    nested: z.object({ n: z.number().max(3) }),
    why: z.string().refine((v) => v === 'ok', { error: 'must be ok / 必须是 ok' }),
  });
  const issues = (() => {
    const r = schema.safeParse({
      amountFen: 'x',
      name: '',
      at: 'yesterday',
      kind: 'c',
      nested: { n: 9 },
      why: 'no',
    });
    if (r.success) throw new Error('expected failure');
    return r.error.issues;
  })();

  it('gives every problem its field path', () => {
    expect(issues.map((i) => localizeIssue(i, 'zh').path)).toEqual([
      'amountFen',
      'name',
      'at',
      'kind',
      'nested.n',
      'why',
    ]);
  });

  it('writes zod’s generic messages in Chinese and keeps a schema’s own message', () => {
    const zh = issues.map((i) => localizeIssue(i, 'zh').message);
    expect(zh[0]).toContain('应为');
    expect(zh[1]).toBe('不能为空');
    expect(zh[2]).toContain('ISO');
    expect(zh[3]).toContain('a、b');
    expect(zh[4]).toContain('不能超过 3');
    expect(zh[5]).toBe('must be ok / 必须是 ok');
  });

  it('leaves English messages as zod wrote them', () => {
    expect(localizeIssue(issues[1]!, 'en').message).toBe(issues[1]!.message);
  });

  it('says a missing field is required', () => {
    const r = z.object({ a: z.string() }).safeParse({});
    if (r.success) throw new Error('expected failure');
    expect(localizeIssue(r.error.issues[0]!, 'zh')).toEqual({ path: 'a', message: '必填项' });
  });
});
