import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The playbook layer is pure: it validates text handed to it and never reaches the disk, network or
// database. Only zod, yaml, its own files and the domain layer may be imported.
const DIR = fileURLToPath(new URL('.', import.meta.url));
const ALLOWED = [/^\.\/[a-z-]+$/, /^\.\.\/domain\/[a-z-]+$/, /^zod$/, /^yaml$/];

const sources = readdirSync(DIR).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

function specifiers(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|\s)(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/g))
    out.push(m[1] ?? '');
  for (const m of text.matchAll(/(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1] ?? '');
  return out;
}

describe('the playbook layer', () => {
  it('has source files to check', () => {
    expect(sources).toContain('validate-playbook.ts');
  });

  it.each(sources)('%s imports only pure modules', (file) => {
    const text = readFileSync(`${DIR}${file}`, 'utf8');
    for (const spec of specifiers(text)) {
      expect(
        ALLOWED.some((re) => re.test(spec)),
        `${file} imports ${spec}`,
      ).toBe(true);
    }
  });

  it('flags a node: import', () => {
    expect(specifiers("import { readFileSync } from 'node:fs';")).toEqual(['node:fs']);
    expect(specifiers("const fs = await import('node:fs');")).toEqual(['node:fs']);
  });
});
