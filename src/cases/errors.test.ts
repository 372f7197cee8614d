import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type DomainError, isDomainError } from '../domain/errors';
import { parseInput } from './errors';

function failure(f: () => unknown): DomainError {
  try {
    f();
  } catch (e) {
    if (isDomainError(e)) return e;
    throw e;
  }
  throw new Error('expected input.invalid');
}

describe('parseInput', () => {
  const schema = z
    .object({ channel: z.enum(['call', 'sms']), note: z.string().min(1).max(5), n: z.int() })
    .refine((x) => x.note !== 'xx', { error: 'not xx / 不能是 xx', path: ['note'] });

  it('words every problem in both languages: zod’s generic messages in Chinese too', () => {
    const e = failure(() => parseInput(schema, { channel: 'fax', note: '', n: 1.5 }));
    expect(e.code).toBe('input.invalid');
    expect(e.messageZh).toContain('channel: 取值应为以下之一：call、sms');
    expect(e.messageZh).toContain('note: 不能为空');
    expect(e.messageZh).toContain('n: 类型错误：应为整数');
    expect(e.messageZh).not.toMatch(/Invalid|expected/);
    expect(e.message).toContain('Invalid input: channel:');
    expect(e.details?.issues).toEqual([
      {
        path: 'channel',
        message: expect.stringMatching(/expected one of/i),
        messageZh: '取值应为以下之一：call、sms',
      },
      { path: 'note', message: expect.any(String), messageZh: '不能为空' },
      { path: 'n', message: expect.any(String), messageZh: '类型错误：应为整数' },
    ]);
  });

  it('keeps a refinement’s own explanation as written', () => {
    const e = failure(() => parseInput(schema, { channel: 'sms', note: 'xx', n: 1 }));
    expect(e.details?.issues).toEqual([
      { path: 'note', message: 'not xx / 不能是 xx', messageZh: 'not xx / 不能是 xx' },
    ]);
  });
});
