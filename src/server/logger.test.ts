import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { errorFields, memoryLogger, scrub } from './logger';

describe('scrub', () => {
  it.each([
    ['call 13812345678 now', 'call [number] now'],
    ['+86 138-1234-5678', '[number]'],
    ['id 11010519491231002X here', 'id [id] here'],
    ['Key (id_number)=(110105194912310021) already exists', 'Key (id_number)=(…) already exists'],
    ['case cas_01m8 has 3 promises of 2000 yuan', 'case cas_01m8 has 3 promises of 2000 yuan'],
    ['card 6222 0212 3456 7890', 'card [number]'],
  ])('%j → %j', (input, out) => {
    expect(scrub(input)).toBe(out);
  });
});

describe('the logger', () => {
  it('writes one JSON object per line with the bound fields', () => {
    const log = memoryLogger('info');
    log.child({ requestId: 'r1' }).info('hello', { n: 1 });
    log.debug('not shown');
    expect(log.lines).toHaveLength(1);
    expect(JSON.parse(log.lines[0]!)).toMatchObject({ level: 'info', msg: 'hello', requestId: 'r1', n: 1 });
  });

  it('logs errors with a scrubbed message', () => {
    const f = errorFields(new Error('insert failed for phone 13812345678'));
    expect(f.message).toBe('insert failed for phone [number]');
    expect(f.error).toBe('Error');
  });
});

describe('the logger on standard output', () => {
  it('writes the lines of a burst together, and what is pending when the process exits', () => {
    const script = `
      import { createLogger } from './src/server/logger.ts';
      const log = createLogger({ level: 'info' });
      for (let i = 0; i < 3; i++) log.info('burst', { i });
      setImmediate(() => { log.info('last', {}); process.exit(0); });
    `;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { msg: string; i?: number });
    expect(lines.map((l) => l.msg)).toEqual(['burst', 'burst', 'burst', 'last']);
    expect(lines.map((l) => l.i)).toEqual([0, 1, 2, undefined]);
  });
});
