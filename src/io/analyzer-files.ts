import { Analyzer, type RuleMeta } from '../analysis/analyze';
import { DEFAULT_CRIMINAL } from '../analysis/facts-rules';
import type { AnalysisModel } from '../analysis/model';
import { FORCE_NAMES_ZH, type Playbook } from '../playbook';
import { loadModelFile } from './model-file';
import { loadPlaybookDir } from './playbook-files';

// The model file alone lives in model-file.ts: batch workers load it without the playbook's modules.
export { DEFAULT_MODEL_PATH, loadModelFile, loadPackedModelFile } from './model-file';

/** Severity, force and source of each rule, as the rule pack states them. */
export function ruleMetaFrom(playbook: Playbook, pack = 'cn'): Map<string, RuleMeta> {
  const p = playbook.rulePacks[pack];
  const out = new Map<string, RuleMeta>();
  for (const r of p?.rules ?? [])
    out.set(r.id, {
      severity: r.severity,
      force: FORCE_NAMES_ZH[r.force],
      source: r.source,
      title_zh: r.title_zh,
    });
  return out;
}

export function criminalParamsFrom(playbook: Playbook, pack = 'cn') {
  const p = playbook.rulePacks[pack];
  return p?.jurisdiction === 'cn'
    ? (p.params['language.criminal_claim'] ?? DEFAULT_CRIMINAL)
    : DEFAULT_CRIMINAL;
}

export function createAnalyzer(
  opts: { modelPath?: string; model?: AnalysisModel; playbook?: Playbook; pack?: string } = {},
): Analyzer {
  const playbook = opts.playbook ?? loadPlaybookDir();
  return new Analyzer({
    model: opts.model ?? loadModelFile(opts.modelPath),
    rules: ruleMetaFrom(playbook, opts.pack),
    criminal: criminalParamsFrom(playbook, opts.pack),
  });
}
