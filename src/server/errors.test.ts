import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain/errors';
import { errorBodyOf, fromDatabase, statusOf } from './errors';

describe('statusOf', () => {
  it.each([
    ['input.invalid', 400],
    ['auth.unauthenticated', 401],
    ['auth.forbidden', 403],
    ['auth.csrf', 403],
    ['case.not_found', 404],
    ['proposal.not_found', 404],
    ['contact.blocked', 409],
    ['payment.reference_conflict', 409],
    ['plan.already_live', 409],
    ['hold.wrong_kind', 409],
    ['request.too_large', 413],
    ['promise.due_in_past', 422],
    ['import.empty', 422],
    ['auth.locked', 429],
    ['server.shutting_down', 503],
    ['something.new', 422],
  ])('%s → %i', (code, status) => {
    expect(statusOf(code)).toBe(status);
  });
});

describe('error bodies', () => {
  it('carry the code, the message in the chosen language and the request id', () => {
    const e = new DomainError('contact.blocked', { zh: '合规拦截', en: 'Blocked' }, { nextAllowedAt: null });
    expect(errorBodyOf(e, 'zh', 'req-1')).toEqual({
      error: {
        code: 'contact.blocked',
        message: '合规拦截',
        requestId: 'req-1',
        details: { nextAllowedAt: null },
      },
    });
    expect(errorBodyOf(e, 'en', 'req-1').error.message).toBe('Blocked');
  });

  it('turn unique-key violations into a conflict and leave other database errors unknown', () => {
    expect(fromDatabase(Object.assign(new Error('dup'), { code: '23505' }))?.code).toBe('db.conflict');
    expect(fromDatabase(Object.assign(new Error('boom'), { code: '57P01' }))).toBeNull();
    expect(fromDatabase(new Error('plain'))).toBeNull();
  });
});
