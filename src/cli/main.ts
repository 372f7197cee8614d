import { isDomainError } from '../domain/errors';
import { lang, UsageError } from './cli-error';

/** Command-line transport: parses arguments, calls one use case, prints the result. */

interface Command {
  summary: string;
  load: () => Promise<{ help: string; run: (argv: string[]) => Promise<number> }>;
}

/** Commands load on use: `huikuan help` stays fast and one command's dependencies never break another. */
const COMMANDS: Record<string, Command> = {
  start: {
    summary: 'migrate, seed demo data into an empty database, serve the API and web UI',
    load: async () => {
      const m = await import('./start.command');
      return { help: m.START_HELP, run: m.startCommand };
    },
  },
  serve: {
    summary: 'migrate and serve the API and web UI (no demo data)',
    load: async () => {
      const m = await import('./serve.command');
      return { help: m.SERVE_HELP, run: m.serveCommand };
    },
  },
  analyze: {
    summary: 'analyse a call transcript (or a JSONL batch)',
    load: async () => {
      const m = await import('./analyze.command');
      return { help: m.ANALYZE_HELP, run: m.analyzeCommand };
    },
  },
  train: {
    summary: 'fit the analysis model to the labelled corpus',
    load: async () => {
      const m = await import('./train.command');
      return { help: m.TRAIN_HELP, run: m.trainCommand };
    },
  },
  eval: {
    summary: 'measure the analyser on a labelled corpus split',
    load: async () => {
      const m = await import('./eval.command');
      return { help: m.EVAL_HELP, run: m.evalCommand };
    },
  },
  bench: {
    summary: 'run benchmarks and update docs/performance.md',
    load: async () => {
      const m = await import('./bench.command');
      return { help: m.BENCH_HELP, run: m.benchCommand };
    },
  },
  db: {
    summary: 'migrate the database; show its migrations or schema',
    load: async () => {
      const m = await import('./db.command');
      return { help: m.DB_HELP, run: m.dbCommand };
    },
  },
  queue: {
    summary: "a collector's daily queue, with the reasons",
    load: async () => {
      const m = await import('./queue.command');
      return { help: m.QUEUE_HELP, run: m.queueCommand };
    },
  },
  guard: {
    summary: 'may this call, SMS or visit be made now?',
    load: async () => {
      const m = await import('./guard.command');
      return { help: m.GUARD_HELP, run: m.guardCommand };
    },
  },
  suggest: {
    summary: 'the next strategies for a call, with lawful scripts and warnings',
    load: async () => {
      const m = await import('./suggest.command');
      return { help: m.SUGGEST_HELP, run: m.suggestCommand };
    },
  },
  practice: {
    summary: 'practise a call with a simulated debtor and get it scored',
    load: async () => {
      const m = await import('./practice.command');
      return { help: m.PRACTICE_HELP, run: m.practiceCommand };
    },
  },
  import: {
    summary: 'import a placement file (CSV or XLSX) for a client',
    load: async () => {
      const m = await import('./import.command');
      return { help: m.IMPORT_HELP, run: m.importCommand };
    },
  },
  generate: {
    summary: 'write synthetic placements, payments and transcripts',
    load: async () => {
      const m = await import('./generate.command');
      return { help: m.GENERATE_HELP, run: m.generateCommand };
    },
  },
  worker: {
    summary: 'run the background jobs (PostgreSQL); SIGTERM drains',
    load: async () => {
      const m = await import('./worker.command');
      return { help: m.WORKER_HELP, run: m.workerCommand };
    },
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
  const { help, run } = await command.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(help);
    return 0;
  }
  try {
    return await run(rest);
  } catch (e) {
    if (
      e instanceof UsageError ||
      (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS'))
    ) {
      process.stderr.write(`huikuan ${name}: ${e.message}\n\n${help}`);
      return 2;
    }
    if (isDomainError(e)) {
      process.stderr.write(`huikuan ${name}: ${e.localized(lang())}\n`);
      return 1;
    }
    // The environment is wrong (config/config.ts): say which variable, no stack trace. By name, so
    // that `huikuan help` need not load the configuration module.
    if (e instanceof Error && e.name === 'ConfigError') {
      process.stderr.write(`huikuan ${name}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
