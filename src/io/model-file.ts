import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type AnalysisModel, loadAnalysisModel } from '../analysis/model';
import { DomainError } from '../domain/errors';

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
