import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { UsageError } from './cli-error';

export const BENCH_HELP = `huikuan bench [NAME …] [--quick]

  Runs benchmarks from bench/ and rewrites their sections of docs/performance.md with the figures
  and the command that produced them. Names: analyze, queue, import, api, live (default: all that exist).
  Speed is reported as ratios against a baseline run side by side, with absolute times for context.
`;

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NAMES = ['analyze', 'queue', 'import', 'api', 'live'] as const;

const reportSchema = z.object({ title: z.string(), markdown: z.string() });
export type BenchReport = z.infer<typeof reportSchema>;
const benchModule = z.object({
  run: z.custom<(o: { quick: boolean }) => Promise<unknown>>((f) => typeof f === 'function'),
});

export async function benchCommand(argv: string[]): Promise<number> {
  const quick = argv.includes('--quick');
  const names = argv.filter((a) => !a.startsWith('--'));
  for (const n of names)
    if (!(NAMES as readonly string[]).includes(n)) throw new UsageError(`unknown benchmark "${n}"`);
  const selected = (names.length ? names : NAMES).filter((n) => existsSync(`${ROOT}bench/${n}.bench.ts`));
  for (const name of selected) {
    process.stderr.write(`== bench ${name}\n`);
    const mod = benchModule.parse(await import(`${ROOT}bench/${name}.bench.ts`));
    const report = reportSchema.parse(await mod.run({ quick }));
    const cmd = `npm run bench -- ${name}${quick ? ' --quick' : ''}`;
    const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, Node ${process.version}`;
    writeSection(
      name,
      `## ${report.title}\n\nCommand: \`${cmd}\` — ${new Date().toISOString().slice(0, 10)}, ${machine}\n\n${report.markdown.trim()}\n`,
    );
    process.stdout.write(`${report.markdown.trim()}\n\n`);
  }
  return 0;
}

function writeSection(name: string, body: string): void {
  const file = `${ROOT}docs/performance.md`;
  const start = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  let doc = existsSync(file)
    ? readFileSync(file, 'utf8')
    : '# Performance\n\nFigures written by `npm run bench`; each section names the command that produced it.\n';
  const block = `${start}\n${body}${end}`;
  const i = doc.indexOf(start);
  const j = doc.indexOf(end);
  doc =
    i >= 0 && j > i ? doc.slice(0, i) + block + doc.slice(j + end.length) : `${doc.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, doc);
}
