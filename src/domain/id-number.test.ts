import { describe, expect, it } from 'vitest';
import { idCheckCharacter, parseIdNumber } from './id-number';

// Check characters computed independently (Python one-liner over the GB 11643 weights), not with
// the code under test.
describe('parseIdNumber', () => {
  it.each([
    ['11010519491231002X', '11010519491231002X', '1949-12-31', 'female'],
    ['11010519491231002x', '11010519491231002X', '1949-12-31', 'female'],
    ['510107199003071236', '510107199003071236', '1990-03-07', 'male'],
    ['310115200002290048', '310115200002290048', '2000-02-29', 'female'],
    ['330106198510178818', '330106198510178818', '1985-10-17', 'male'],
    [' 4403 0419 9508 151235 ', '440304199508151235', '1995-08-15', 'male'],
    ["'510107199003071236", '510107199003071236', '1990-03-07', 'male'],
    ['１１０１０５１９４９１２３１００２Ｘ', '11010519491231002X', '1949-12-31', 'female'],
  ])('accepts %j as %s, born %s, %s', (raw, value, birthDate, sex) => {
    expect(parseIdNumber(raw, '2026-12-01')).toEqual({ ok: true, info: { value, birthDate, sex } });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['110105491231002', 'legacy_15'],
    ['11010519491231002', 'length'],
    ['11010519491231002X1', 'length'],
    ['1101051949123100XX', 'characters'],
    ['11010519491231002Y', 'characters'],
    ['991051194912310020', 'region'],
    ['00010519491231002X', 'region'],
    ['110105194912310021', 'check_digit'],
    ['510107199003071237', 'check_digit'],
    ['51010719900307123X', 'check_digit'],
    ['310115200102290045', 'birth_date'],
    ['620102199913010014', 'birth_date'],
    ['440524188001010014', 'birth_date'],
    ['110105209912310029', 'birth_date'],
    ['110105194900310020', 'birth_date'],
  ])('refuses %j: %s', (raw, problem) => {
    expect(parseIdNumber(raw, '2026-12-01')).toEqual({ ok: false, problem });
  });

  it('judges a future birth date only against the given day', () => {
    expect(parseIdNumber('110105209912310029').ok).toBe(true);
    expect(parseIdNumber('110105209912310029', '2099-12-30').ok).toBe(false);
    expect(parseIdNumber('110105209912310029', '2099-12-31').ok).toBe(true);
  });

  it('computes the ISO 7064 MOD 11-2 check character, 10 written as X', () => {
    expect(idCheckCharacter('11010519491231002')).toBe('X');
    expect(idCheckCharacter('44052418800101001')).toBe('4');
    expect(idCheckCharacter('31011520010229004')).toBe('5');
  });
});
