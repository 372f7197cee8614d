import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { huikuan } from './huikuan';

const dir = mkdtempSync(join(tmpdir(), 'huikuan-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

const CALL = [
  '坐席：您好，我是恒信资产的小王，工号1024，受招商银行委托联系您。',
  '客户：哎，我知道，最近家里老人住院，实在周转不开。',
  '坐席：理解您的难处，您看这个月能先还一部分吗？',
  '客户：那我下周五先还三千吧。',
].join('\n');

describe('huikuan analyze', () => {
  it('prints a readable transcript with labels, the promise, the persona and a draft note', async () => {
    const r = await huikuan(['analyze', file('call.txt', CALL), '--at', '2026-11-30T10:00:00+08:00']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('self_intro');
    expect(r.stdout).toContain('承诺：2026-12-11 23:59 前还 3000 元');
    expect(r.stdout).toContain('类型：');
    expect(r.stdout).toContain('催记草稿');
  });

  it('prints the contract with --json', async () => {
    const r = await huikuan([
      'analyze',
      file('call2.txt', CALL),
      '--at',
      '2026-11-30T10:00:00+08:00',
      '--json',
    ]);
    const a = JSON.parse(r.stdout);
    expect(a.promises[0]).toMatchObject({ amount: 3000, due: '2026-12-11T23:59:59+08:00' });
    expect(a.turns[0].strategies).toContain('self_intro');
  });

  it.each([
    ['an empty file', '', 'line 1: the transcript is empty'],
    ['an unknown speaker prefix', '老板：你好\n', 'line 1: unknown speaker prefix "老板"'],
    [
      'a JSONL turn with a bad speaker',
      '{"speaker":"agent","text":"喂"}\n{"speaker":"boss","text":"x"}\n',
      'line 2: speaker',
    ],
  ])('rejects %s with a message naming the line', async (_, content, message) => {
    const r = await huikuan(['analyze', file(`bad-${content.length}.txt`, content)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(message);
  });

  it('rejects bytes that are not UTF-8, naming the line', async () => {
    const bytes = Buffer.concat([
      Buffer.from('坐席：您好\n客户：'),
      Buffer.from([0xc4, 0xe3, 0xba]),
      Buffer.from('\n'),
    ]);
    const r = await huikuan(['analyze', file('gbk.txt', bytes)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('line 2');
    expect(r.stderr).toContain('UTF-8');
  });

  it('explains a bad --at', async () => {
    const r = await huikuan(['analyze', file('c3.txt', CALL), '--at', 'yesterday']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--at must be an ISO-8601 time');
  });
});

describe('huikuan analyze --batch', () => {
  const good = (id: string) =>
    JSON.stringify({
      id,
      at: '2026-11-30T10:00:00+08:00',
      turns: [
        { speaker: 'agent', text: '您好，我是恒信资产的小王，工号1024，受招商银行委托' },
        { speaker: 'debtor', text: '明天还两千' },
      ],
    });

  it('writes one line per input in order, reports bad lines on stderr and goes on', async () => {
    const lines = [
      good('a'),
      '{not json',
      good('b'),
      JSON.stringify({ id: 'c', turns: [] }),
      Buffer.concat([
        Buffer.from('{"id":"d","turns":[{"speaker":"agent","text":"'),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('"}]}'),
      ]),
      `{"id":"e","turns":[{"speaker":"agent","text":"${'啊'.repeat(4_000_000)}"}]}`,
      good('f'),
    ];
    const input = file(
      'batch.jsonl',
      Buffer.concat(lines.map((l) => Buffer.concat([Buffer.from(l), Buffer.from('\n')]))),
    );
    const r = await huikuan(['analyze', '--batch', input, '--json', '--workers', '2']);
    expect(r.code).toBe(1);
    const out = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out.map((o) => o.id ?? o.line)).toEqual(['a', 2, 'b', 'c', 5, 6, 'f']);
    expect(out[0].promises[0].amount).toBe(2000);
    expect(r.stderr).toContain('line 2: invalid JSON');
    expect(r.stderr).toContain('line 4: turns');
    expect(r.stderr).toContain('line 5: the bytes are not valid UTF-8');
    expect(r.stderr).toContain('line 6: the line is longer than');
  });

  it('insists on --json', async () => {
    const r = await huikuan(['analyze', '--batch', file('b2.jsonl', good('x'))]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('add --json');
  });
});
