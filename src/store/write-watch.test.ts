import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openScratchDb, type ScratchDb } from './open-db';
import { watchWrites } from './write-watch';

let scratch: ScratchDb;
beforeAll(async () => {
  scratch = await openScratchDb({ prefix: 'write_watch' });
  await scratch.db.exec(`create table watched_t (id int primary key, v int);
    create table watched_t_log (id int); create table other_t (id int primary key, v int);`);
});
afterAll(async () => {
  await scratch?.dispose();
});

describe('watchWrites', () => {
  it('moves on writes to the watched tables only', async () => {
    const w = watchWrites(scratch.db, ['watched_t']);
    const moved = async (fn: () => Promise<unknown>) => {
      const v = w.version();
      await fn();
      return w.version() !== v;
    };
    expect(await moved(() => w.db.query('insert into watched_t (id, v) values (1, 1)'))).toBe(true);
    expect(await moved(() => w.db.query('UPDATE  watched_t set v = 2'))).toBe(true);
    expect(
      await moved(() =>
        w.db.query('insert into watched_t (id, v) values (1, 3) on conflict (id) do update set v = 3'),
      ),
    ).toBe(true);
    expect(await moved(() => w.db.query('select * from watched_t for update'))).toBe(false);
    expect(await moved(() => w.db.query('insert into watched_t_log (id) values (1)'))).toBe(false);
    expect(await moved(() => w.db.query('update other_t set v = 1'))).toBe(false);
    expect(await moved(() => w.db.query('delete from watched_t where id = 2'))).toBe(true);
  });

  it('moves again when a transaction that wrote ends, so a read during it is not kept', async () => {
    const w = watchWrites(scratch.db, ['watched_t']);
    const seen: number[] = [];
    await w.db.transaction(async (tx) => {
      seen.push(w.version());
      await tx.query('update watched_t set v = v + 1');
      seen.push(w.version());
    });
    seen.push(w.version());
    expect(seen[1]).toBeGreaterThan(seen[0]!);
    expect(seen[2]).toBeGreaterThan(seen[1]!);
    const v = w.version();
    await w.db.transaction((tx) => tx.query('select 1'));
    expect(w.version()).toBe(v);
  });
});
