import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DomainError } from '../domain/errors';
import { formatPlaybookIssue, type Playbook, type PlaybookFile, validatePlaybook } from '../playbook';

/** The repository's `playbook/`, found from this file so it works from any working directory. */
export const DEFAULT_PLAYBOOK_DIR = fileURLToPath(new URL('../../playbook/', import.meta.url));

function yamlFilesUnder(root: string, dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) yamlFilesUnder(root, full, out);
    // .yml is read too, so the validator can say it is misnamed instead of it being silently ignored.
    else if (/\.ya?ml$/.test(entry.name)) out.push(relative(root, full));
  }
}

/** Reads every YAML file of a playbook directory, with paths relative to it (`strategies/empathy.yaml`). */
export function readPlaybookFiles(dir: string): PlaybookFile[] {
  const paths: string[] = [];
  yamlFilesUnder(dir, dir, paths);
  return paths
    .sort()
    .map((p) => ({ path: p.split(sep).join('/'), text: readFileSync(join(dir, p), 'utf8') }));
}

/** Loads and validates a playbook directory; throws one error listing every problem found. */
export function loadPlaybookDir(dir: string = DEFAULT_PLAYBOOK_DIR): Playbook {
  let files: PlaybookFile[];
  try {
    files = readPlaybookFiles(dir);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new DomainError(
      'PLAYBOOK_UNREADABLE',
      {
        en: `Cannot read the playbook directory ${dir}: ${reason}`,
        zh: `无法读取剧本目录 ${dir}：${reason}`,
      },
      { dir },
    );
  }
  const result = validatePlaybook(files);
  if (result.ok) return result.playbook;
  const lines = result.errors.map((i) => `  - ${formatPlaybookIssue(i)}`).join('\n');
  const count = result.errors.length;
  throw new DomainError(
    'PLAYBOOK_INVALID',
    {
      en: `The playbook in ${dir} has ${count} problem(s):\n${lines}`,
      zh: `剧本目录 ${dir} 有 ${count} 处问题：\n${lines}`,
    },
    { dir, issues: result.errors },
  );
}
