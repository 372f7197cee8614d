import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { practiceCommand } from './practice.command';

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

describe('huikuan practice', () => {
  it.each([
    [['--situation', 'angry'], /--persona/],
    [['--persona', 'vain', '--situation', 'party'], /--situation/],
  ])('rejects %j', async (argv, message) => {
    await expect(practiceCommand(argv)).rejects.toThrow(message);
  });

  it('runs a scripted session, prints transcript and score, and replays it exactly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'practice-'));
    const script = join(dir, 'lines.txt');
    writeFileSync(
      script,
      [
        '# 练习脚本',
        '您好，我是安信资产管理公司的林晓，工号0716，受委托方委托联系您。',
        '',
        '您现在能先还多少？',
        '您上次说项目款就到，款是从哪儿来、哪天到，您跟我说实话。',
        '那您现在能先还多少？',
        '好的，那先这样，不打扰您了，再见。',
      ].join('\n'),
    );
    const run = async () => {
      const out = capture();
      const code = await practiceCommand([
        '--persona',
        'vain',
        '--situation',
        'broken_promise',
        '--seed',
        '7',
        '--script',
        script,
      ]);
      vi.restoreAllMocks();
      return { code, text: out.text() };
    };
    const a = await run();
    const b = await run();
    expect(a.code).toBe(0);
    expect(a.text).toContain('练习：虚荣型');
    expect(a.text).toContain('得分：');
    expect(a.text).toContain('坐席：您现在能先还多少？');
    expect(b.text).toBe(a.text);
  });
});
