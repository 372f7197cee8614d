import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  type CorpusIssue,
  type Dialogue,
  dialogueSchema,
  parseCorpusFile,
  type Utterance,
  utteranceSchema,
} from '../analysis/corpus';

export interface CorpusSplit {
  utterances: Utterance[];
  dialogues: Dialogue[];
  issues: CorpusIssue[];
}

function jsonlFiles(dir: string): string[] {
  try {
    if (!statSync(dir).isDirectory()) return [];
  } catch {
    return [];
  }
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .map((f) => join(dir, f));
}

/** Reads `<dir>/utterances/*.jsonl` and `<dir>/dialogues/*.jsonl` (one split of the corpus). */
export function readCorpusSplit(dir: string): CorpusSplit {
  const out: CorpusSplit = { utterances: [], dialogues: [], issues: [] };
  for (const f of jsonlFiles(join(dir, 'utterances'))) {
    const r = parseCorpusFile(f, readFileSync(f, 'utf8'), utteranceSchema);
    out.utterances.push(...r.records);
    out.issues.push(...r.issues);
  }
  for (const f of jsonlFiles(join(dir, 'dialogues'))) {
    const r = parseCorpusFile(f, readFileSync(f, 'utf8'), dialogueSchema);
    out.dialogues.push(...r.records);
    out.issues.push(...r.issues);
  }
  return out;
}

/** A digest of a split's files: the model records the digest of the corpus it was fitted to. */
export function corpusDigest(dir: string): string {
  const h = createHash('sha256');
  for (const sub of ['utterances', 'dialogues']) {
    for (const f of jsonlFiles(join(dir, sub))) h.update(f.slice(dir.length)).update(readFileSync(f));
  }
  return h.digest('hex').slice(0, 16);
}
