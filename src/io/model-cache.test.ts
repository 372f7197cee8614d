import {
  copyFileSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisModel, AnalysisModelJson } from '../analysis/model';
import { createAnalyzer } from './analyzer-files';
import { readCorpusSplit } from './corpus-files';
import { cacheDirs, encodePacked, packedName, readPacked } from './model-cache';
import { DEFAULT_MODEL_PATH, loadModelFile, loadPackedModelFile, type ModelLoadOptions } from './model-file';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'huikuan-model-cache-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Load = Parameters<NonNullable<ModelLoadOptions['onLoad']>>[0];

/** Loads `path` with the packed copy in `dirs`, and says how it was loaded. */
function load(path: string, dirs: string[]): { model: AnalysisModel; how: Load } {
  let how: Load | undefined;
  const model = loadModelFile(path, { cacheDirs: dirs, onLoad: (h) => (how = h) });
  return { model, how: how! };
}

/** A small valid model cut from the shipped one (its first rows, no neural layer): quick to parse. */
function smallModel(): string {
  const full = JSON.parse(readFileSync(DEFAULT_MODEL_PATH, 'utf8')) as AnalysisModelJson;
  const cut = (w: Record<string, number[]>) => Object.fromEntries(Object.entries(w).slice(0, 400));
  const { mlp: _a, ...agent } = full.agent;
  const { mlp: _d, ...debtor } = full.debtor;
  return JSON.stringify({
    ...full,
    agent: { ...agent, weights: cut(agent.weights) },
    debtor: { ...debtor, weights: cut(debtor.weights) },
    persona: { ...full.persona, text: { ...full.persona.text!, weights: cut(full.persona.text!.weights) } },
  });
}

describe('the packed copy of the analysis model', () => {
  it('analyses every dev call and line exactly as the JSON does, and is read back instead of the JSON', () => {
    const path = join(dir, 'shipped.json');
    copyFileSync(DEFAULT_MODEL_PATH, path);
    const cache = join(dir, 'shipped-cache');
    const first = load(path, [cache]);
    expect(first.how).toMatchObject({ from: 'json', file: join(cache, packedName(path)) });
    const second = load(path, [cache]);
    expect(second.how).toEqual({ from: 'packed', by: 'time', file: join(cache, packedName(path)) });
    const plain = load(path, []);
    expect(plain.how).toEqual({ from: 'json' });

    const analyzers = [plain, first, second].map((l) => createAnalyzer({ model: l.model }));
    const dev = readCorpusSplit('corpus/dev');
    expect(dev.dialogues.length).toBeGreaterThan(20);
    for (const d of dev.dialogues) {
      const [a, b, c] = analyzers.map((an) =>
        JSON.stringify(an.analyze(d.turns, { at: new Date(d.at), facts: d.facts })),
      );
      expect(b, d.id).toBe(a);
      expect(c, d.id).toBe(a);
    }
    for (const u of dev.utterances.slice(0, 400)) {
      const [a, c] = [analyzers[0]!, analyzers[2]!].map((an) =>
        JSON.stringify(
          an.analyze([{ speaker: u.speaker, text: u.text }], { at: new Date('2026-11-30T10:00:00+08:00') }),
        ),
      );
      expect(c, u.id).toBe(a);
    }
  }, 60_000);

  it('is not used for another version of the model, and a copy of the same bytes is used whatever the file time', () => {
    const path = join(dir, 'small.json');
    const cache = join(dir, 'small-cache');
    writeFileSync(path, smallModel());
    expect(load(path, [cache]).how.from).toBe('json');
    expect(load(path, [cache]).how.from).toBe('packed');
    // another model at the same path: retrained, edited by hand
    writeFileSync(path, `${smallModel()}\n`);
    const edited = load(path, [cache]).how;
    expect(edited.from).toBe('json');
    expect(edited.stale?.join()).toMatch(/packed from another model/);
    expect(load(path, [cache]).how.from).toBe('packed');
    // the same bytes with a new file time (a fresh checkout): the digest matches
    utimesSync(path, new Date('2030-01-01'), new Date('2030-01-01'));
    const touched = load(path, [cache]).how;
    expect(touched).toMatchObject({ from: 'packed', by: 'digest', refreshed: true });
    // … and the copy now carries the new time: the next load does not hash the JSON
    expect(load(path, [cache]).how).toMatchObject({ from: 'packed', by: 'time' });
  });

  it('ignores a copy cut short or garbled, and writes it again', () => {
    const path = join(dir, 'cut.json');
    const cache = join(dir, 'cut-cache');
    writeFileSync(path, smallModel());
    const file = load(path, [cache]).how.file!;
    truncateSync(file, 4000);
    const cut = load(path, [cache]).how;
    expect(cut.from).toBe('json');
    expect(cut.stale?.join()).toMatch(/bytes, the header says|header cut short/);
    expect(load(path, [cache]).how.from).toBe('packed');
    writeFileSync(file, 'not a model at all');
    expect(load(path, [cache]).how.stale?.join()).toMatch(/not a packed model/);
    expect(load(path, [cache]).how.from).toBe('packed');
  });

  it('finds a copy whose tables were laid out another way stale (every table is probed)', () => {
    const path = join(dir, 'probe.json');
    writeFileSync(path, smallModel());
    const packed = loadPackedModelFile(path, { cacheDirs: [] });
    const source = { digest: 'x', size: 0, mtimeMs: 0 };
    const file = join(dir, 'probe.pack');
    // a hash function of another version: every slot's hash differs from what this code computes
    const slots = Int32Array.from(packed.debtor.table.slots);
    for (let s = 0; s < slots.length; s += 2) if (slots[s + 1] !== 0) slots[s] = slots[s]! ^ 1;
    writeFileSync(
      file,
      encodePacked(
        { ...packed, debtor: { ...packed.debtor, table: { ...packed.debtor.table, slots } } },
        source,
      ),
    );
    const why: string[] = [];
    expect(
      readPacked(
        file,
        () => true,
        (w) => why.push(w),
      ),
    ).toBeNull();
    expect(why.join()).toMatch(/^debtor: key ".+" is not found where it is stored$/);
    // the same model packed as this code packs it passes
    writeFileSync(file, encodePacked(packed, source));
    expect(readPacked(file, () => true)).not.toBeNull();
    expect(
      readPacked(
        file,
        () => false,
        (w) => why.push(w),
      ),
    ).toBeNull();
    expect(why.at(-1)).toBe('packed from another model');
  });

  it('loads from JSON when no directory takes a copy, and tries the next directory first', () => {
    const path = join(dir, 'nowhere.json');
    writeFileSync(path, smallModel());
    const notADir = join(dir, 'a-file');
    writeFileSync(notADir, '');
    const none = load(path, [join(notADir, 'cache')]).how;
    expect(none).toMatchObject({ from: 'json' });
    expect(none.file).toBeUndefined();
    const next = load(path, [join(notADir, 'cache'), join(dir, 'second')]).how;
    expect(next.file).toBe(join(dir, 'second', packedName(path)));
    expect(load(path, [join(notADir, 'cache'), join(dir, 'second')]).how.from).toBe('packed');
  });

  it('lives beside the model, then in the user cache; HUIKUAN_MODEL_CACHE moves it or turns it off', () => {
    expect(cacheDirs('/srv/m/model.json', { XDG_CACHE_HOME: '/home/u/.cache' })).toEqual([
      '/srv/m/.cache',
      '/home/u/.cache/huikuan',
    ]);
    expect(cacheDirs('/srv/m/model.json', { HUIKUAN_MODEL_CACHE: '/var/cache/hk' })).toEqual([
      '/var/cache/hk',
    ]);
    expect(cacheDirs('/srv/m/model.json', { HUIKUAN_MODEL_CACHE: 'off' })).toEqual([]);
    // two checkouts sharing the user cache keep a copy each
    expect(packedName('/a/models/analysis-model.json')).not.toBe(packedName('/b/models/analysis-model.json'));
    expect(packedName('/a/models/analysis-model.json')).toMatch(/^analysis-model\.[0-9a-f]{12}\.pack$/);
  });
});
