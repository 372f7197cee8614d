import { renameSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { trainAnalysisModel } from '../analysis/train';
import { DEFAULT_MODEL_PATH } from '../io/analyzer-files';
import { corpusDigest, readCorpusSplit } from '../io/corpus-files';
import { UsageError } from './cli-error';

export const TRAIN_HELP = `huikuan train [--corpus DIR] [--out FILE]

  Fits the analysis model (turn labels and persona) to a labelled corpus and writes it as JSON.
  --corpus DIR   a corpus split with utterances/*.jsonl and dialogues/*.jsonl (default: corpus/train)
  --out FILE     where to write the model (default: models/analysis-model.json)
  Format and labels: docs/labelling-guide.md. Check the result with "huikuan eval corpus/dev".
`;

export async function trainCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      corpus: { type: 'string', default: 'corpus/train' },
      out: { type: 'string', default: DEFAULT_MODEL_PATH },
    },
  });
  const dir = values.corpus;
  const split = readCorpusSplit(dir);
  if (split.issues.length) {
    for (const i of split.issues.slice(0, 50)) process.stderr.write(`${i.file}:${i.line}: ${i.message}\n`);
    throw new UsageError(`the corpus in ${dir} has ${split.issues.length} problem(s); nothing was trained`);
  }
  if (split.utterances.length + split.dialogues.length === 0)
    throw new UsageError(`no corpus found in ${dir} (expected utterances/*.jsonl and dialogues/*.jsonl)`);
  const digest = corpusDigest(dir);
  const started = Date.now();
  const report = trainAnalysisModel(split.utterances, split.dialogues, { now: new Date(), digest });
  const tmp = `${values.out}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(report.model)}\n`);
  renameSync(tmp, values.out); // atomic: a crash never leaves half a model behind
  process.stderr.write(
    `trained on ${report.counts.agentExamples} agent and ${report.counts.debtorExamples} debtor turns, ` +
      `${report.counts.dialogues} dialogues in ${((Date.now() - started) / 1000).toFixed(1)} s → ${values.out}\n`,
  );
  return 0;
}
