import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain/errors';
import { parseTranscript } from './transcript';

describe('parseTranscript', () => {
  it('reads prefixes with full-width and ASCII colons and joins continuation lines', () => {
    const turns = parseTranscript('坐席：您好，我是小王\n客户:谁啊\n接着说\n\n家属： 他不在\nagent: ok');
    expect(turns).toEqual([
      { speaker: 'agent', text: '您好，我是小王' },
      { speaker: 'debtor', text: '谁啊 接着说' },
      { speaker: 'third_party', text: '他不在' },
      { speaker: 'agent', text: 'ok' },
    ]);
  });

  it.each([
    ['催收员：a', 'agent'],
    ['专员：a', 'agent'],
    ['我方：a', 'agent'],
    ['催收：a', 'agent'],
    ['卡人：a', 'debtor'],
    ['债务人：a', 'debtor'],
    ['持卡人：a', 'debtor'],
    ['DEBTOR: a', 'debtor'],
    ['三方：a', 'third_party'],
    ['第三方：a', 'third_party'],
    ['联系人：a', 'third_party'],
    ['third_party: a', 'third_party'],
  ])('maps %s to %s', (line, speaker) => {
    expect(parseTranscript(line)[0]?.speaker).toBe(speaker);
  });

  it('reads JSON Lines', () => {
    const t = parseTranscript(
      '{"speaker":"agent","text":"喂"}\n{"speaker":"debtor","text":"嗯","at":"2026-11-30T10:00:00+08:00"}',
    );
    expect(t).toHaveLength(2);
    expect(t[1]?.at).toBe('2026-11-30T10:00:00+08:00');
  });

  it.each([
    ['', 'line 1: the transcript is empty'],
    ['   \n  ', 'line 1: the transcript is empty'],
    ['老板：你好', 'line 1: unknown speaker prefix "老板"'],
    ['你好啊', 'line 1: the first turn has no speaker prefix'],
    ['{"speaker":"agent","text":"a"}\n{"speaker":"boss","text":"b"}', 'line 2: speaker'],
    ['{"speaker":"agent","text":"a"}\n\n{oops', 'line 3: invalid JSON'],
    ['坐席：ok\n客户：\uFFFD', 'line 2: the text is not valid UTF-8'],
  ])('rejects %j with a message naming the line', (text, message) => {
    expect(() => parseTranscript(text)).toThrow(DomainError);
    expect(() => parseTranscript(text)).toThrow(message);
  });

  it('reads the times and staff tags that ASR and call-centre exports put around the speaker', () => {
    const turns = parseTranscript(
      [
        '[00:00:03] 坐席：您好，我是恒信资产的小王',
        '00:00:07.5 客户: 谁啊',
        '(12.4s) 座席(1001)：受招商银行委托',
        '2026-12-01 10:00:15 客户【张伟】：哦',
        '00:00:20,000 --> 00:00:23,500 坐席 王丽：您看什么时候方便',
        '[00:00:25 - 00:00:27] 家属（他爱人）：他不在',
        '10:30 那我下午再打',
      ].join('\n'),
    );
    expect(turns).toEqual([
      { speaker: 'agent', text: '您好，我是恒信资产的小王' },
      { speaker: 'debtor', text: '谁啊' },
      { speaker: 'agent', text: '受招商银行委托' },
      { speaker: 'debtor', text: '哦' },
      { speaker: 'agent', text: '您看什么时候方便' },
      { speaker: 'third_party', text: '他不在 10:30 那我下午再打' },
    ]);
  });

  it('keeps a tagged line with an unknown speaker as continuation text, and names a bad first line', () => {
    expect(parseTranscript('坐席：他说\n老板 张三：我不还')[0]?.text).toBe('他说 老板 张三：我不还');
    expect(() => parseTranscript('[00:01] 老板：你好')).toThrow('line 1: unknown speaker prefix "老板"');
  });

  it('treats an unknown label after the first turn as continuation text', () => {
    expect(parseTranscript('坐席：他说\n原话：我不还')[0]?.text).toBe('他说 原话：我不还');
  });
});
