import { describe, expect, it } from 'vitest';
import { type Span, splitSpans } from './spans';

const v = (start: number, end: number): Span => ({ start, end, kind: 'violation', title: 'v' });
const l = (start: number, end: number): Span => ({ start, end, kind: 'label', title: 'l' });

function render(text: string, spans: Span[]): string {
  return splitSpans(text, spans)
    .map((p) => (p.span ? `[${p.span.kind[0]}:${p.text}]` : p.text))
    .join('');
}

describe('splitSpans', () => {
  it.each([
    ['no spans', '你好世界', [], '你好世界'],
    ['one span', '你再不还就去你单位', [v(4, 9)], '你再不还[v:就去你单位]'],
    ['adjacent spans', 'abcdef', [l(0, 2), v(2, 4)], '[l:ab][v:cd]ef'],
    ['a violation wins an overlap', 'abcdef', [l(0, 4), v(2, 6)], '[l:ab][v:cdef]'],
    ['a span past the end is cut', 'abc', [v(1, 10)], 'a[v:bc]'],
    ['empty and inverted spans are ignored', 'abc', [v(2, 2), l(2, 1)], 'abc'],
  ])('%s', (_name, text, spans, expected) => {
    expect(render(text, spans)).toBe(expected);
  });

  it('shows every character exactly once', () => {
    const text = '坐席说了一句很长的话，其中有两处证据。';
    const parts = splitSpans(text, [v(3, 8), l(5, 12), l(14, 16)]);
    expect(parts.map((p) => p.text).join('')).toBe(text);
    expect(parts.map((p) => p.start)).toEqual([...parts.map((p) => p.start)].sort((a, b) => a - b));
  });
});
