import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type AnalysisModel,
  loadAnalysisModel,
  type PackedModel,
  packModel,
  unpackModel,
} from '../analysis/model';
import { DomainError } from '../domain/errors';
import { cacheDirs, modelDigest, packedName, readPacked, writePacked } from './model-cache';

/** The shipped model, found from this file so the CLI works from any working directory. */
export const DEFAULT_MODEL_PATH = fileURLToPath(new URL('../../models/analysis-model.json', import.meta.url));

export interface ModelLoadOptions {
  /** where a packed copy may be read and written (default: cacheDirs, from HUIKUAN_MODEL_CACHE) */
  cacheDirs?: readonly string[];
  /**
   * how the model was loaded: from a packed copy (recognised by the JSON's size and time, or by its
   * digest — the copy is then rewritten with the new time), or from JSON (and whether a copy was written)
   */
  onLoad?: (how: {
    from: 'packed' | 'json';
    file?: string;
    stale?: string[];
    by?: 'time' | 'digest';
    refreshed?: boolean;
  }) => void;
}

/** The model's tables on shared memory, from the packed copy when it matches, else from the JSON. */
export function loadPackedModelFile(
  path: string = DEFAULT_MODEL_PATH,
  opts: ModelLoadOptions = {},
): PackedModel {
  let stat: { size: number; mtimeMs: number };
  try {
    stat = statSync(path);
  } catch (e) {
    throw unreadable(path, e);
  }
  // the JSON is read and hashed only when no packed copy vouches for it by size and time
  let bytes: Buffer | undefined;
  let digest: string | undefined;
  const jsonBytes = () => (bytes ??= readModelBytes(path));
  const digestNow = () => (digest ??= modelDigest(jsonBytes()));
  const dirs = opts.cacheDirs ?? cacheDirs(path);
  const stale: string[] = [];
  for (const dir of dirs) {
    const file = join(dir, packedName(path));
    let by = 'time' as 'time' | 'digest';
    const packed = readPacked(
      file,
      (from) => {
        if (from.size === stat.size && from.mtimeMs === stat.mtimeMs) return true;
        by = 'digest';
        return from.digest === digestNow();
      },
      (why) => stale.push(`${file}: ${why}`),
    );
    if (packed) {
      // the same bytes under a new file time (a fresh checkout, a copy, a touch): say so in the copy,
      // so later loads know it by its time again instead of hashing the JSON each time
      const refreshed =
        by === 'digest' &&
        writePacked([dir], path, { digest: digestNow(), size: stat.size, mtimeMs: stat.mtimeMs }, packed) !==
          null;
      opts.onLoad?.({ from: 'packed', file, by, ...(by === 'digest' ? { refreshed } : {}) });
      return packed;
    }
  }
  const source = { digest: digestNow(), size: stat.size, mtimeMs: stat.mtimeMs };
  const packed = packModel(parseModel(path, jsonBytes()));
  const file = writePacked(dirs, path, source, packed) ?? undefined;
  opts.onLoad?.({ from: 'json', ...(file ? { file } : {}), stale });
  return packed;
}

export function loadModelFile(path: string = DEFAULT_MODEL_PATH, opts: ModelLoadOptions = {}): AnalysisModel {
  const dirs = opts.cacheDirs ?? cacheDirs(path);
  if (!dirs.length) {
    const model = parseModel(path, readModelBytes(path));
    opts.onLoad?.({ from: 'json' });
    return model;
  }
  return unpackModel(loadPackedModelFile(path, { ...opts, cacheDirs: dirs }));
}

function readModelBytes(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw unreadable(path, e);
  }
}

function unreadable(path: string, e: unknown): DomainError {
  return new DomainError('model.unreadable', {
    en: `Cannot read the analysis model ${path}: ${(e as Error).message}. Run "huikuan train" to build it.`,
    zh: `无法读取分析模型 ${path}：${(e as Error).message}。可运行 "huikuan train" 重新训练。`,
  });
}

function parseModel(path: string, bytes: Buffer): AnalysisModel {
  try {
    return loadAnalysisModel(JSON.parse(bytes.toString('utf8')));
  } catch (e) {
    throw new DomainError('model.invalid', {
      en: `The analysis model ${path} is not valid: ${(e as Error).message}`,
      zh: `分析模型 ${path} 无效：${(e as Error).message}`,
    });
  }
}
