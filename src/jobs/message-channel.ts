import { maskPhone } from '../cases/masking';
import type { JobLog } from './job-context';

/** A text to a debtor, from a job (a promise reminder). */
export interface OutboundMessage {
  agencyId: string;
  caseId: string;
  purpose: 'promise_reminder';
  /** the number texted */
  to: string;
  text: string;
  /** what the message is about, for the gateway's receipts (e.g. the reminder's key) */
  ref: string;
}

/**
 * Where job messages go: an SMS gateway in production. The job sends inside the transaction that
 * records the message, so a gateway failure rolls the record back and the job retries.
 */
export interface MessageChannel {
  readonly name: string;
  send(m: OutboundMessage): Promise<void>;
}

/**
 * The default channel: writes one structured log line per message instead of sending it — with the
 * number masked and without the text (logs carry no personal data; the text sent is kept with the
 * reminder in the database).
 */
export function logChannel(log: JobLog): MessageChannel {
  return {
    name: 'log',
    async send(m) {
      log.info('message.sent', {
        channel: 'log',
        purpose: m.purpose,
        ref: m.ref,
        agencyId: m.agencyId,
        caseId: m.caseId,
        to: maskPhone(m.to),
        chars: m.text.length,
      });
    },
  };
}

/** Keeps messages in memory: for tests that check what would have been sent. */
export function memoryChannel(): MessageChannel & { sent: OutboundMessage[]; failNext: number } {
  const ch = {
    name: 'memory',
    sent: [] as OutboundMessage[],
    failNext: 0,
    async send(m: OutboundMessage) {
      if (ch.failNext > 0) {
        ch.failNext--;
        throw new Error('gateway unavailable');
      }
      ch.sent.push(m);
    },
  };
  return ch;
}

/**
 * Posts each message as JSON to an SMS gateway's webhook (REMINDER_WEBHOOK_URL). A non-2xx answer
 * or a timeout fails the send, which rolls back the reminder's record so the job retries.
 */
export function webhookChannel(url: string, opts: { timeoutMs?: number } = {}): MessageChannel {
  return {
    name: 'webhook',
    async send(m) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(m),
        signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
      });
      if (!res.ok) throw new Error(`message gateway answered ${res.status}`);
    },
  };
}
