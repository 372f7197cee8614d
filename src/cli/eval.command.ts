import { parseArgs } from 'node:util';
import { crossValidate } from '../analysis/cross-validate';
import { type EvalReport, evaluate, type GroupReport } from '../analysis/evaluate';
import { createAnalyzer, ruleMetaFrom } from '../io/analyzer-files';
import { readCorpusSplit } from '../io/corpus-files';
import { loadPlaybookDir } from '../io/playbook-files';
import { UsageError } from './cli-error';
import { colours } from './style';

export const EVAL_HELP = `huikuan eval CORPUS [--json] [--errors N] [--model FILE] [--cv K [--cv-by id|writer]]

  Runs the analyser on a labelled corpus split (e.g. corpus/dev) and prints per-label precision,
  recall and F1, violation recall and false alarms on lawful near misses, promise exactness,
  persona accuracy and the most common confusions.
  --cv K   k-fold cross-validation on CORPUS itself (for feature work on the train split)
  --cv-by  id (default): folds by a hash of the line's id; writer: each writer's lines in one fold
           (the writer is the id's prefix, r11a-0001 → r11a), which measures the model on writers it
           has not read, as the held-out dev split does
`;

export async function evalCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      errors: { type: 'string' },
      model: { type: 'string' },
      cv: { type: 'string' },
      'cv-by': { type: 'string' },
    },
  });
  const dir = positionals[0];
  if (!dir) throw new UsageError('name a corpus directory, e.g. corpus/dev');
  const split = readCorpusSplit(dir);
  if (split.issues.length) {
    for (const i of split.issues.slice(0, 50)) process.stderr.write(`${i.file}:${i.line}: ${i.message}\n`);
    throw new UsageError(`the corpus in ${dir} has ${split.issues.length} problem(s)`);
  }
  if (split.utterances.length + split.dialogues.length === 0)
    throw new UsageError(`no corpus found in ${dir}`);
  let report: EvalReport;
  if (values['cv-by'] !== undefined && !values.cv) throw new UsageError('--cv-by goes with --cv K');
  if (values.cv) {
    const k = Number(values.cv);
    if (!Number.isInteger(k) || k < 2 || k > 20)
      throw new UsageError('--cv takes the number of folds, 2 to 20');
    const by = values['cv-by'] ?? 'id';
    if (by !== 'id' && by !== 'writer') throw new UsageError('--cv-by takes id or writer');
    report = crossValidate(split.utterances, split.dialogues, {
      k,
      by,
      rules: ruleMetaFrom(loadPlaybookDir()),
      now: new Date(),
    });
  } else report = evaluate(createAnalyzer({ modelPath: values.model }), split.utterances, split.dialogues);
  if (values.json) {
    const { errors, ...rest } = report;
    process.stdout.write(`${JSON.stringify(Number(values.errors ?? 0) > 0 ? report : rest, null, 2)}\n`);
    return 0;
  }
  process.stdout.write(formatReport(report, dir, Number(values.errors ?? 0)));
  return 0;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7);

function table(title: string, g: GroupReport): string[] {
  const out = [`${title}  macro-F1 ${pct(g.macroF1)}  micro-F1 ${pct(g.microF1)}`];
  out.push(`  ${'label'.padEnd(34)} support precision  recall      F1`);
  for (const l of g.labels)
    out.push(
      `  ${l.label.padEnd(34)} ${String(l.support).padStart(7)} ${pct(l.precision)} ${pct(l.recall)} ${pct(l.f1)}`,
    );
  return out;
}

export function formatReport(r: EvalReport, dir: string, errors: number): string {
  const c = colours(process.stdout);
  const out: string[] = [c.bold(`Evaluation on ${dir}`), ''];
  out.push(...table('Strategies', r.strategies), '');
  out.push(...table('Reasons', r.reasons), '');
  out.push(...table('Intents', r.intents), '');
  out.push(...table('Violations', r.violations));
  out.push(
    `  violation recall ${pct(r.violations.recall)}; false alarms on lawful near misses ${r.violations.nearMissFalseAlarms}/${r.violations.nearMisses} = ${pct(r.violations.nearMissFalseAlarmRate)}; on other lawful agent turns ${pct(r.violations.cleanFalseAlarmRate)}`,
    '',
  );
  out.push(
    `Promises: ${r.promises.exact}/${r.promises.gold} exact (amount, range, kind and due) = ${pct(r.promises.exactRate)}; detected ${r.promises.detected}; spurious ${r.promises.spurious}`,
  );
  out.push(`Persona: ${r.persona.correct}/${r.persona.dialogues} top-1 = ${pct(r.persona.top1)}`);
  for (const [gold, row] of Object.entries(r.persona.confusion))
    out.push(
      `  ${gold.padEnd(9)} → ${Object.entries(row)
        .map(([p, n]) => `${p} ${n}`)
        .join(', ')}`,
    );
  out.push('', 'Most common confusions (missed → predicted instead):');
  for (const x of r.confusions.slice(0, 15))
    out.push(`  ${String(x.count).padStart(4)}  ${x.gold} → ${x.predicted}`);
  if (errors > 0) {
    out.push('', `First ${errors} errors:`);
    for (const e of r.errors.slice(0, errors))
      out.push(
        `  ${e.id}: ${e.text}\n      missed ${e.missed.join(', ') || '-'}; spurious ${e.spurious.join(', ') || '-'}`,
      );
  }
  return `${out.join('\n')}\n`;
}
