import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain/errors';
import { MissingColumnsError, normalizeHeader, parseMapping, planColumns } from './import-mapping';

const BASIC = ['姓名', '身份证号', '手机号', '欠款本金', '逾期天数'];

describe('planColumns', () => {
  it('finds the usual Chinese headers and their common spellings', () => {
    const plan = planColumns(['客户姓名', '*证件号码', '手机号码 ', '本金(元)', '逾期天数', '卡号', '备注']);
    expect(plan.fields).toMatchObject({
      name: 0,
      id_number: 1,
      phone: 2,
      principal: 3,
      days_overdue: 4,
      card_tail: 5,
    });
    expect(plan.ignored).toEqual(['备注']);
  });

  it.each([
    [['联系人1姓名', '联系人1关系', '联系人1电话', '联系人2姓名', '联系人2关系', '联系人2电话'], 2],
    [['联系人一姓名', '联系人一关系', '联系人一手机'], 1],
    [['第一联系人姓名', '第一联系人关系', '第一联系人电话', '第二联系人姓名', '第二联系人电话'], 2],
    [['联系人姓名', '联系人关系', '联系人电话', '紧急联系人姓名', '紧急联系人电话'], 2],
    [['联系人1姓名', '联系人1关系'], 0],
  ])('groups contact columns %j into %i contacts', (contactHeaders, n) => {
    const plan = planColumns([...BASIC, ...contactHeaders]);
    expect(plan.contacts).toHaveLength(n);
    for (const c of plan.contacts) expect(contactHeaders[c.phone - BASIC.length]).toMatch(/电话|手机/);
  });

  it('uses the mapping first and falls back to the usual headers for fields it does not name', () => {
    const mapping = parseMapping({ columns: { account_ref: '卡号', name: '户名' } });
    const plan = planColumns(
      ['户名', '身份证号', '手机号', '本金', '逾期天数', '卡号', '卡号后四位'],
      mapping,
    );
    expect(plan.fields).toMatchObject({ account_ref: 5, name: 0, card_tail: 6 });
  });

  it('names every missing column in one error, in Chinese and English', () => {
    try {
      planColumns(['姓名', '电话号码'], parseMapping({ columns: { principal: '应还本金' } }));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(MissingColumnsError);
      const err = e as DomainError;
      expect(err.code).toBe('import.columns_missing');
      expect(err.messageZh).toContain('应还本金');
      expect(err.messageZh).toContain('身份证号');
      expect(err.messageZh).toContain('手机号');
      expect(err.messageZh).toContain('逾期天数');
      expect(err.message).toContain('ID number');
    }
  });

  it('accepts an overdue date instead of days overdue', () => {
    expect(() => planColumns(['姓名', '身份证号', '手机号', '欠款本金', '逾期起始日'])).not.toThrow();
  });
});

describe('parseMapping', () => {
  it('fills defaults for an empty mapping', () => {
    expect(parseMapping({})).toMatchObject({
      columns: {},
      formats: { amounts: 'yuan', date: 'auto' },
      header_row: 1,
      encoding: 'auto',
    });
  });

  it.each([
    [{ columns: { surname: '姓' } }, 'columns'],
    [{ formats: { amounts: 'cents' } }, 'formats.amounts'],
    [{ formats: { date: 'DD.MM.YY' } }, 'formats.date'],
    [{ relations: { 邻居: 'neighbour' } }, 'relations'],
    [{ header_row: 0 }, 'header_row'],
    [{ contacts: [{ name: '联系人' }] }, 'contacts.0.phone'],
    [{ colums: {} }, '(root)'],
  ])('refuses %j, naming %s', (raw, path) => {
    expect(() => parseMapping(raw, 'm.yaml')).toThrow(DomainError);
    expect(() => parseMapping(raw, 'm.yaml')).toThrow(path);
  });
});

describe('normalizeHeader', () => {
  it.each([
    ['*姓名', '姓名'],
    [' 欠款本金（元） ', '欠款本金'],
    ['\uFEFF案件编号', '案件编号'],
    ['ＩＤ', 'id'],
  ])('reads %j as %j', (raw, value) => {
    expect(normalizeHeader(raw)).toBe(value);
  });
});
