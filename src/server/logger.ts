import { writeSync } from 'node:fs';
import type { LogLevel } from '../config/config';

/**
 * Structured logs: one JSON object per line on stdout. Callers pass ids, codes, counts and timings —
 * never names, ID numbers, phone numbers or transcript text (个人信息保护法: minimum necessary) — and
 * every string that might carry such data by accident (an error message from the database, a
 * user-agent) goes through `scrub` first.
 */

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/**
 * Masks what looks like personal data in free text: runs of 7+ digits (phone and ID numbers, bank
 * cards), 18-character ID numbers ending in X, and the values PostgreSQL quotes in constraint
 * errors ("Key (id_number)=(…) already exists").
 */
export function scrub(text: string): string {
  return text
    .replace(/\)=\([^)]*\)/g, ')=(…)')
    .replace(/\d{17}[\dXx]/g, '[id]')
    .replace(/\+?\d[\d\s-]{6,}\d/g, (m) => (m.replace(/\D/g, '').length >= 7 ? '[number]' : m));
}

/** An error as it may be logged: name, scrubbed message, code and stack (stack frames hold no data). */
export function errorFields(e: unknown): LogFields {
  if (e instanceof Error) {
    const code = 'code' in e && typeof e.code === 'string' ? e.code : undefined;
    return {
      error: e.name,
      message: scrub(e.message),
      ...(code ? { code } : {}),
      ...(e.stack ? { stack: scrub(e.stack.split('\n').slice(1, 12).join('\n')) } : {}),
    };
  }
  return { error: typeof e, message: scrub(String(e)) };
}

export interface LoggerOptions {
  level: LogLevel;
  /** where lines go; default stdout */
  write?: (line: string) => void;
  base?: LogFields;
}

let stdoutLines: ((line: string) => void) | null = null;

/**
 * Standard output, a turn of the event loop at a time: the lines written while requests are handled
 * go out in one system call after them, instead of one call per line (an access-log line per request
 * would otherwise cost a write each). What is pending when the process exits is written then.
 */
function coalescedStdout(): (line: string) => void {
  if (stdoutLines) return stdoutLines;
  let pending: string[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (!pending.length) return;
    const text = pending.join('');
    pending = [];
    process.stdout.write(text);
  };
  process.on('exit', () => {
    if (!pending.length) return;
    try {
      writeSync(1, pending.join(''));
    } catch {
      // stdout closed or full: nothing more can be done while exiting
    }
    pending = [];
  });
  stdoutLines = (line) => {
    pending.push(line);
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };
  return stdoutLines;
}

export function createLogger(opts: LoggerOptions): Logger {
  const write = opts.write ?? coalescedStdout();
  const min = RANK[opts.level];
  const make = (base: LogFields): Logger => {
    const log = (level: Exclude<LogLevel, 'silent'>, msg: string, fields?: LogFields) => {
      if (RANK[level] < min) return;
      write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...base, ...fields })}\n`);
    };
    return {
      debug: (m, f) => log('debug', m, f),
      info: (m, f) => log('info', m, f),
      warn: (m, f) => log('warn', m, f),
      error: (m, f) => log('error', m, f),
      child: (fields) => make({ ...base, ...fields }),
    };
  };
  return make(opts.base ?? {});
}

/** A logger that keeps its lines in memory: for tests that check what was (not) logged. */
export function memoryLogger(level: LogLevel = 'debug'): Logger & { lines: string[] } {
  const lines: string[] = [];
  const logger = createLogger({ level, write: (l) => lines.push(l) });
  return Object.assign(logger, { lines });
}
