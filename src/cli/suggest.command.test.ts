import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { certainPersona } from '../advisor';
import { DEFAULT_MODEL_PATH } from '../io/analyzer-files';
import { UsageError } from './cli-error';
import { type SuggestCaseSource, suggestCommand } from './suggest.command';

function capture(): { text: () => string } {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  });
  return { text: () => out };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('huikuan suggest', () => {
  it('explains that --case needs the case store until one is wired in', async () => {
    await expect(suggestCommand(['--case', 'C-1'])).rejects.toThrow(UsageError);
    await expect(suggestCommand(['--case', 'C-1'])).rejects.toThrow(/case store/);
  });

  it('reads a case from the source the store provides', async () => {
    const load = vi.fn<SuggestCaseSource['load']>(async () => ({
      turns: [
        {
          speaker: 'agent',
          text: '您好，我是安和资产的李明，工号2031，受建设银行委托联系您。',
          strategies: ['self_intro'],
          reasons: [],
          intents: [],
          violations: [],
          promise: null,
        },
        {
          speaker: 'debtor',
          text: '你们再打我就投诉',
          strategies: [],
          reasons: [],
          intents: ['complaint_threat'],
          violations: [],
          promise: null,
        },
      ],
      persona: certainPersona('dominant'),
      history: [],
      facts: { client: '建设银行', debtor_name: '王强' },
      context: {},
      at: '2026-11-30T10:00:00+08:00',
    }));
    const out = capture();
    expect(
      await suggestCommand(['--case', 'C-7', '--json', '--at', '2026-11-30T10:00:00+08:00'], {
        cases: { load },
      }),
    ).toBe(0);
    expect(load).toHaveBeenCalledWith('C-7', new Date('2026-11-30T10:00:00+08:00'));
    const advice = JSON.parse(out.text());
    expect(advice.strategies[0].id).toBe('cool_down');
    expect(advice.stage).toBe('angry');
  });

  it.each([
    [['--transcript', 'x', '--stage', 'later'], /--stage/],
    [['--transcript', 'x', '--persona', 'brave'], /--persona/],
    [['--transcript', 'x', '--limit', '0'], /--limit/],
    [[], /--transcript/],
  ])('rejects %j', async (argv, message) => {
    await expect(suggestCommand(argv)).rejects.toThrow(message);
  });

  it.skipIf(!existsSync(DEFAULT_MODEL_PATH))(
    'prints ranked strategies with filled scripts for a transcript (skipped: no trained model)',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'suggest-'));
      writeFileSync(
        join(dir, 'call.txt'),
        '坐席：您好，我是恒信资产的小王，工号1024，受招商银行委托联系您。\n客户：我朋友欠了几十万都没事，网上说银行根本不会起诉。\n',
      );
      writeFileSync(
        join(dir, 'facts.json'),
        JSON.stringify({ client: '招商银行', debtor_name: '张伟', balance: 23000, card_tail: '1234' }),
      );
      const out = capture();
      const code = await suggestCommand([
        '--transcript',
        join(dir, 'call.txt'),
        '--facts',
        join(dir, 'facts.json'),
        '--at',
        '2026-11-30T10:00:00+08:00',
        '--limit',
        '3',
      ]);
      expect(code).toBe(0);
      const text = out.text();
      expect(text).toContain('正本清源');
      expect(text).toContain('话术');
      expect(text).toContain('张伟');
      expect(text).not.toMatch(/\{[^}]*\}/);
    },
  );
});
