import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Analyzer, type RuleMeta } from '../analysis/analyze';
import { DEFAULT_CRIMINAL } from '../analysis/facts-rules';
import { type AnalysisModel, loadAnalysisModel } from '../analysis/model';
import { DomainError } from '../domain/errors';
import { FORCE_NAMES_ZH, type Playbook } from '../playbook';
import { loadPlaybookDir } from './playbook-files';

/** The shipped model, found from this file so the CLI works from any working directory. */
export const DEFAULT_MODEL_PATH = fileURLToPath(new URL('../../models/analysis-model.json', import.meta.url));

export function loadModelFile(path: string = DEFAULT_MODEL_PATH): AnalysisModel {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new DomainError('model.unreadable', {
      en: `Cannot read the analysis model ${path}: ${(e as Error).message}. Run "huikuan train" to build it.`,
      zh: `无法读取分析模型 ${path}：${(e as Error).message}。可运行 "huikuan train" 重新训练。`,
    });
  }
  try {
    return loadAnalysisModel(JSON.parse(text));
  } catch (e) {
    throw new DomainError('model.invalid', {
      en: `The analysis model ${path} is not valid: ${(e as Error).message}`,
      zh: `分析模型 ${path} 无效：${(e as Error).message}`,
    });
  }
}

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
  opts: { modelPath?: string; playbook?: Playbook; pack?: string } = {},
): Analyzer {
  const playbook = opts.playbook ?? loadPlaybookDir();
  return new Analyzer({
    model: loadModelFile(opts.modelPath),
    rules: ruleMetaFrom(playbook, opts.pack),
    criminal: criminalParamsFrom(playbook, opts.pack),
  });
}
