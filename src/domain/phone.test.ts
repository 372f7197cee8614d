import { describe, expect, it } from 'vitest';
import { parsePhone } from './phone';

describe('parsePhone', () => {
  it.each([
    ['13812345678', '13812345678'],
    ['+86 138 1234 5678', '13812345678'],
    ['+86-138-1234-5678', '13812345678'],
    ['0086 13812345678', '13812345678'],
    ['8613812345678', '13812345678'],
    ['138-1234-5678', '13812345678'],
    ['(+86)199 0000 1111', '19900001111'],
    ['１５９１２３４５６７８', '15912345678'],
    ["'17712345678", '17712345678'],
    ['16612345678', '16612345678'],
  ])('reads %j as the mobile %s', (raw, value) => {
    expect(parsePhone(raw)).toEqual({ ok: true, value, kind: 'mobile' });
  });

  it.each([
    ['', 'empty'],
    [' - ', 'empty'],
    ['1381234567', 'length'],
    ['138123456789', 'length'],
    ['12812345678', 'prefix'],
    ['10012345678', 'prefix'],
    ['23812345678', 'prefix'],
    ['138abc45678', 'characters'],
    ['138 1234 5678 转 8', 'characters'],
    ['010-65521234', 'not_mobile'],
    ['0755 8888 1234', 'not_mobile'],
    ['+1 415 555 0100', 'foreign'],
    ['00852 9123 4567', 'foreign'],
  ])('refuses %j as a mobile: %s', (raw, problem) => {
    expect(parsePhone(raw)).toEqual({ ok: false, problem });
  });

  it.each([
    ['010-65521234', '01065521234'],
    ['(021) 5432 1234', '02154321234'],
    ['0755-88881234', '075588881234'],
    ['0571 8765432', '05718765432'],
    ['+86 138 1234 5678', '13812345678'],
  ])('accepts %j where a fixed line will do', (raw, value) => {
    const r = parsePhone(raw, 'any');
    expect(r.ok && r.value).toBe(value);
  });

  it.each([
    ['010-655', 'length'],
    ['0-1234567', 'length'],
    ['12812345678', 'prefix'],
  ])('refuses %j even where a fixed line will do: %s', (raw, problem) => {
    expect(parsePhone(raw, 'any')).toEqual({ ok: false, problem });
  });
});
