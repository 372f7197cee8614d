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

  it('treats an unknown label after the first turn as continuation text', () => {
    expect(parseTranscript('坐席：他说\n原话：我不还')[0]?.text).toBe('他说 原话：我不还');
  });
});
