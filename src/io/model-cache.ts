import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { type FeatureTable, findKey, forEachRow } from '../analysis/linear-model';
import type { PackedModel } from '../analysis/model';

/**
 * A packed copy of the analysis model beside its JSON, so a process starts in a tenth of the time.
 *
 * The JSON (`models/analysis-model.json`, written by `huikuan train`) stays the model: readable,
 * diffable, the file users retrain. Reading it means decoding and parsing 34 MB and rebuilding every
 * lookup table (about 1.7 s); the packed copy is those tables as they lie in memory — typed arrays
 * written end to end after a small JSON header — so loading is one read into shared memory (the
 * batch workers read it in place) and a check.
 *
 * A packed copy is used only for the very JSON it was made from — the header holds the JSON's
 * SHA-256, size and modification time; when size or time differ the JSON is hashed and compared —
 * and only by code that packs tables the same way:
 * PACK_FORMAT names the layout, and every table is probed on load for a sample of its own keys, so
 * a change to the hash function or the row layout finds the copy stale instead of reading wrong
 * rows. Anything amiss — another digest, a short file, a bad header, a failed probe — and the JSON is
 * read as before and the copy rewritten. Copies are written to a temporary name and renamed, so a
 * reader never sees half a file; a directory that cannot be written just means no copy.
 *
 * Where: `.cache/` beside the model, else `~/.cache/huikuan/`. `HUIKUAN_MODEL_CACHE=off` turns the
 * copy off; `HUIKUAN_MODEL_CACHE=DIR` puts it in DIR.
 */

/** Bump when PackedModel's shape or any table's layout changes. */
export const PACK_FORMAT = 1;
const MAGIC = 'HKPACK01';
const PREFIX = 16; // magic (8) + header length (4) + reserved (4)

type ArrayKind = 'Int8Array' | 'Uint16Array' | 'Uint32Array' | 'Int32Array' | 'Float32Array' | 'Float64Array';
type AnyArray = Int8Array | Uint16Array | Uint32Array | Int32Array | Float32Array | Float64Array;
const KINDS: Record<ArrayKind, new (b: SharedArrayBuffer, offset: number, length: number) => AnyArray> = {
  Int8Array,
  Uint16Array,
  Uint32Array,
  Int32Array,
  Float32Array,
  Float64Array,
};

/** What identifies the JSON a copy was packed from. */
export interface ModelSource {
  /** SHA-256 (hex) of the JSON's bytes */
  digest: string;
  /** the JSON's size and modification time when it was packed (a match spares hashing it) */
  size: number;
  mtimeMs: number;
}

interface Header {
  format: number;
  source: ModelSource;
  /** bytes after the header's padding */
  body: number;
  /** the PackedModel with every typed array replaced by {$array, offset, length} */
  model: unknown;
}

const ARRAY_KEY = '$array';

/** The packed model as bytes: prefix, header JSON, padding to 8, then every array 8-aligned. */
export function encodePacked(model: PackedModel, source: ModelSource): Buffer {
  const arrays: AnyArray[] = [];
  let body = 0;
  const walk = (v: unknown): unknown => {
    if (ArrayBuffer.isView(v)) {
      const a = v as AnyArray;
      const kind = a.constructor.name as ArrayKind;
      if (!(kind in KINDS)) throw new Error(`encodePacked: cannot store a ${kind}`);
      const offset = body;
      arrays.push(a);
      body = align8(body + a.byteLength);
      return { [ARRAY_KEY]: kind, offset, length: a.length };
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      if (ARRAY_KEY in v) throw new Error(`encodePacked: a model object has a key "${ARRAY_KEY}"`);
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = walk(x);
      return out;
    }
    return v;
  };
  const header: Header = { format: PACK_FORMAT, source, body: 0, model: walk(model) };
  header.body = body;
  const head = Buffer.from(JSON.stringify(header), 'utf8');
  const start = align8(PREFIX + head.length);
  const out = Buffer.alloc(start + body);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(head.length, 8);
  head.copy(out, PREFIX);
  let at = start;
  for (const a of arrays) {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at = align8(at + a.byteLength);
  }
  return out;
}

/**
 * The packed model in `file` if it was packed by this layout from the JSON `fromSource` accepts
 * (given the header's account of it), else null (the reason in `why`). Its arrays are views of
 * one SharedArrayBuffer.
 */
export function readPacked(
  file: string,
  fromSource: (packedFrom: ModelSource) => boolean,
  why: (reason: string) => void = () => {},
): PackedModel | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    why('no packed copy');
    return null;
  }
  try {
    const size = fstatSync(fd).size;
    const prefix = Buffer.alloc(PREFIX);
    if (
      size < PREFIX ||
      readSync(fd, prefix, 0, PREFIX, 0) !== PREFIX ||
      prefix.toString('latin1', 0, 8) !== MAGIC
    ) {
      why('not a packed model');
      return null;
    }
    const headLength = prefix.readUInt32LE(8);
    if (PREFIX + headLength > size) {
      why('header cut short');
      return null;
    }
    const head = Buffer.alloc(headLength);
    readSync(fd, head, 0, headLength, PREFIX);
    let header: Header;
    try {
      header = JSON.parse(head.toString('utf8')) as Header;
    } catch {
      why('header is not JSON');
      return null;
    }
    if (header.format !== PACK_FORMAT) {
      why(`packed by layout ${header.format}, this code reads ${PACK_FORMAT}`);
      return null;
    }
    if (!header.source || typeof header.source.digest !== 'string' || !fromSource(header.source)) {
      why('packed from another model');
      return null;
    }
    const start = align8(PREFIX + headLength);
    if (size !== start + header.body) {
      why(`${size} bytes, the header says ${start + header.body}`);
      return null;
    }
    const memory = new SharedArrayBuffer(header.body);
    const bytes = new Uint8Array(memory);
    let got = 0;
    while (got < header.body) {
      const n = readSync(fd, bytes, got, header.body - got, start + got);
      if (n === 0) break;
      got += n;
    }
    if (got !== header.body) {
      why('body cut short');
      return null;
    }
    const revive = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(revive);
      if (v !== null && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        const kind = o[ARRAY_KEY];
        if (typeof kind === 'string') {
          const Ctor = KINDS[kind as ArrayKind];
          const offset = o.offset as number;
          const length = o.length as number;
          if (
            !Ctor ||
            !Number.isInteger(offset) ||
            !Number.isInteger(length) ||
            offset % 8 !== 0 ||
            length < 0
          )
            throw new Error(`bad array entry ${JSON.stringify(o)}`);
          if (
            offset + length * (Ctor as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT >
            header.body
          )
            throw new Error(`a ${kind} of ${length} at ${offset} runs past ${header.body} bytes`);
          return new Ctor(memory, offset, length);
        }
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(o)) out[k] = revive(x);
        return out;
      }
      return v;
    };
    let model: PackedModel;
    try {
      model = revive(header.model) as PackedModel;
    } catch (e) {
      why(`arrays do not fit: ${(e as Error).message}`);
      return null;
    }
    const bad = probeTables(model);
    if (bad) {
      why(bad);
      return null;
    }
    return model;
  } finally {
    closeSync(fd);
  }
}

/**
 * Null when every table of the model finds a sample of its own keys where they are stored, else
 * what failed: the guard against a copy packed by code that hashed or laid out keys differently.
 */
export function probeTables(model: PackedModel): string | null {
  const tables: [string, FeatureTable | undefined][] = [
    ['agent', model.agent?.table],
    ['agent layer', model.agent?.mlp?.table],
    ['debtor', model.debtor?.table],
    ['debtor layer', model.debtor?.mlp?.table],
    ['persona words', model.persona?.text?.table],
  ];
  for (const [name, t] of tables) {
    if (!t) continue;
    if (!(t.slots instanceof Int32Array) || t.slots.length !== 2 * (t.mask + 1)) return `${name}: bad slots`;
    let seen = 0;
    let wrong: string | null = null;
    forEachRow(t, (key, at) => {
      if (wrong || seen++ % 64 !== 0) return;
      if (findKey(t, key) !== at) wrong = `${name}: key "${key}" is not found where it is stored`;
    });
    if (wrong) return wrong;
  }
  return null;
}

/** SHA-256 (hex) of a model file's bytes: what a packed copy must have been made from. */
export function modelDigest(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The directories a packed copy of `modelPath` may live in, in order (none when turned off). */
export function cacheDirs(modelPath: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const setting = env.HUIKUAN_MODEL_CACHE?.trim();
  if (setting === 'off' || setting === '0' || setting === 'false') return [];
  if (setting) return [setting];
  const home = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return [join(dirname(modelPath), '.cache'), join(home, 'huikuan')];
}

/**
 * The packed copy's file name: the model's name and a hash of its full path, so two checkouts
 * sharing ~/.cache/huikuan keep a copy each. A new version of the model replaces its copy.
 */
export function packedName(modelPath: string): string {
  const where = createHash('sha256').update(resolve(modelPath)).digest('hex').slice(0, 12);
  return `${basename(modelPath).replace(/\.json$/, '')}.${where}.pack`;
}

/**
 * Writes the packed copy into the first directory that takes it (temporary name, then rename).
 * Returns the file, or null when no directory could be written (the model still loads, from
 * JSON, next time too).
 */
export function writePacked(
  dirs: readonly string[],
  modelPath: string,
  source: ModelSource,
  model: PackedModel,
): string | null {
  const bytes = encodePacked(model, source);
  for (const dir of dirs) {
    const file = join(dir, packedName(modelPath));
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      mkdirSync(dir, { recursive: true });
      writeFileSync(tmp, bytes);
      renameSync(tmp, file);
      return file;
    } catch {
      try {
        rmSync(tmp, { force: true });
      } catch {
        // the directory itself is unusable: nothing was written
      }
    }
  }
  return null;
}

function align8(n: number): number {
  return (n + 7) & ~7;
}
