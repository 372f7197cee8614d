import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from './cli-error';
import { workerCommand } from './worker.command';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

describe('huikuan worker', () => {
  it.each([
    [{ DATABASE_URL: '' }, 'DATABASE_URL is required'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL must be a postgres://'],
    [{ DATABASE_URL: 'postgres://x/y', REMINDER_WEBHOOK_URL: 'not a url' }, 'REMINDER_WEBHOOK_URL'],
    [{ DATABASE_URL: 'postgres://x/y', JOB_CONCURRENCY: '99' }, 'JOB_CONCURRENCY'],
    [{ DATABASE_URL: 'postgres://x/y', LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  ])('refuses to start with %o, naming the variable', async (env, message) => {
    Object.assign(process.env, env);
    const r = workerCommand([]);
    await expect(r).rejects.toThrow(UsageError);
    await expect(workerCommand([])).rejects.toThrow(message);
  });

  it('takes no arguments', async () => {
    await expect(workerCommand(['now'])).rejects.toThrow('unexpected argument "now"');
  });
});
