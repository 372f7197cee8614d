import { isDomainError } from '../domain/errors';
import { ANALYZE_HELP, analyzeCommand } from './analyze.command';
import { BENCH_HELP, benchCommand } from './bench.command';
import { lang, UsageError } from './cli-error';
import { DB_HELP, dbCommand } from './db.command';
import { EVAL_HELP, evalCommand } from './eval.command';
import { GENERATE_HELP, generateCommand } from './generate.command';
import { GUARD_HELP, guardCommand } from './guard.command';
import { IMPORT_HELP, importCommand } from './import.command';
import { PRACTICE_HELP, practiceCommand } from './practice.command';
import { QUEUE_HELP, queueCommand } from './queue.command';
import { SERVE_HELP, serveCommand } from './serve.command';
import { START_HELP, startCommand } from './start.command';
import { SUGGEST_HELP, suggestCommand } from './suggest.command';
import { TRAIN_HELP, trainCommand } from './train.command';
import { WORKER_HELP, workerCommand } from './worker.command';

/** Command-line transport: parses arguments, calls one use case, prints the result. */

interface Command {
  summary: string;
  help: string;
  run: (argv: string[]) => Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  start: {
    summary: 'migrate, seed demo data into an empty database, serve the API and web UI',
    help: START_HELP,
    run: startCommand,
  },
  serve: { summary: 'migrate and serve the API and web UI (no demo data)', help: SERVE_HELP, run: serveCommand },
  analyze: {
    summary: 'analyse a call transcript (or a JSONL batch)',
    help: ANALYZE_HELP,
    run: analyzeCommand,
  },
  train: { summary: 'fit the analysis model to the labelled corpus', help: TRAIN_HELP, run: trainCommand },
  eval: { summary: 'measure the analyser on a labelled corpus split', help: EVAL_HELP, run: evalCommand },
  bench: { summary: 'run benchmarks and update docs/performance.md', help: BENCH_HELP, run: benchCommand },
  db: { summary: 'migrate the database; show its migrations or schema', help: DB_HELP, run: dbCommand },
  queue: { summary: "a collector's daily queue, with the reasons", help: QUEUE_HELP, run: queueCommand },
  guard: { summary: 'may this call, SMS or visit be made now?', help: GUARD_HELP, run: guardCommand },
  suggest: {
    summary: 'the next strategies for a call, with lawful scripts and warnings',
    help: SUGGEST_HELP,
    run: (argv) => suggestCommand(argv),
  },
  practice: {
    summary: 'practise a call with a simulated debtor and get it scored',
    help: PRACTICE_HELP,
    run: practiceCommand,
  },
  import: {
    summary: 'import a placement file (CSV or XLSX) for a client',
    help: IMPORT_HELP,
    run: importCommand,
  },
  generate: {
    summary: 'write synthetic placements, payments and transcripts',
    help: GENERATE_HELP,
    run: generateCommand,
  },
  worker: {
    summary: 'run the background jobs (PostgreSQL); SIGTERM drains',
    help: WORKER_HELP,
    run: workerCommand,
  },
};

export function usage(): string {
  const rows = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `huikuan — 回款 collection workbench\n\nUsage: huikuan <command> [options]\n\n${rows.join('\n')}\n\nRun "huikuan <command> --help" for a command's options.\n`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(usage());
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`huikuan: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(command.help);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    if (
      e instanceof UsageError ||
      (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS'))
    ) {
      process.stderr.write(`huikuan ${name}: ${e.message}\n\n${command.help}`);
      return 2;
    }
    if (isDomainError(e)) {
      process.stderr.write(`huikuan ${name}: ${e.localized(lang())}\n`);
      return 1;
    }
    throw e;
  }
}
