import { describe, expect, it } from 'vitest';
import { bucketOf } from './bucket';
import { maskIdNumber, maskName, maskPhone } from './masking';

describe('bucketOf', () => {
  it.each([
    [0, 'M0'],
    [1, 'M1'],
    [30, 'M1'],
    [31, 'M2'],
    [60, 'M2'],
    [61, 'M3'],
    [90, 'M3'],
    [120, 'M4'],
    [121, 'M5'],
    [150, 'M5'],
    [151, 'M6+'],
    [720, 'M6+'],
  ])('puts %i days overdue in %s', (days, bucket) => {
    expect(bucketOf(days)).toBe(bucket);
  });
});

describe('masking', () => {
  it.each([
    ['张三', '张*'],
    ['李小龙', '李**'],
    ['欧阳娜娜', '欧阳**'],
    ['王', '*'],
  ])('masks the name %s as %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it('keeps only the region code and the last four digits of an ID number', () => {
    expect(maskIdNumber('110101199003074258')).toBe('110101********4258');
  });

  it('keeps the prefix and the last four digits of a mobile number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
});
