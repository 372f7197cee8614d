import { describe, expect, it } from 'vitest';
import { matchPath } from './match-path';

describe('matchPath', () => {
  it.each([
    ['/queue', '/queue', {}],
    ['/cases/:caseId', '/cases/cas_1', { caseId: 'cas_1' }],
    ['/cases/:caseId', '/cases/cas_1/', { caseId: 'cas_1' }],
    ['/cases/:caseId/live', '/cases/a%20b/live', { caseId: 'a b' }],
    ['/cases/:caseId', '/cases', null],
    ['/cases/:caseId', '/cases/cas_1/live', null],
    ['/qa/calls/:callId', '/qa/cases/x', null],
  ])('%s against %s gives %j', (pattern, path, params) => {
    expect(matchPath(pattern, path)).toEqual(params);
  });
});
