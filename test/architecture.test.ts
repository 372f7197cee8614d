import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layers point one way (docs/architecture.md). Pure layers import no I/O; the use-case
 * layer reaches the outside world only through ports it owns.
 */
const PURE = ['domain', 'playbook', 'analysis', 'compliance', 'advisor'];
const EDGES = ['store', 'jobs', 'server', 'cli', 'io'];
const IO_PACKAGES = [
  'pg',
  '@electric-sql/pglite',
  'hono',
  '@hono/',
  'ws',
  'pg-boss',
  'exceljs',
  'csv-parse',
  'playwright-core',
];
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

function importsOf(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of src.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]/g))
    out.push(m[1]!);
  for (const m of src.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1]!);
  for (const m of src.matchAll(/(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g)) out.push(m[1]!);
  return out;
}

function layerOf(spec: string, file: string): string | null {
  if (!spec.startsWith('.')) return null;
  const abs = join(file, '..', spec);
  const rel = relative('src', abs).split(/[\\/]/);
  return rel[0] === '..' ? null : (rel[0] ?? null);
}

describe('layering', () => {
  const violations: string[] = [];
  for (const layer of [...PURE, 'cases']) {
    for (const file of tsFiles(join('src', layer))) {
      if (file.endsWith('.test.ts')) continue;
      for (const spec of importsOf(file)) {
        const target = layerOf(spec, file);
        if (builtins.has(spec)) violations.push(`${file} imports ${spec}`);
        else if (IO_PACKAGES.some((p) => spec === p || spec.startsWith(p.endsWith('/') ? p : `${p}/`)))
          violations.push(`${file} imports ${spec}`);
        else if (target && EDGES.includes(target)) violations.push(`${file} imports the ${target} layer`);
        else if (target === 'cases' && layer !== 'cases') violations.push(`${file} imports the cases layer`);
      }
    }
  }

  it('keeps pure layers and use cases free of I/O imports', () => {
    expect(violations).toEqual([]);
  });

  it('detects an I/O import when one is present', () => {
    expect(importsOf(join('test', 'architecture.test.ts'))).toContain('node:fs');
  });
});
