/**
 * A failure the core expects and can explain to a user. The code is stable (clients branch on it);
 * the messages are safe to show (no personal data, no internals).
 */
export class DomainError extends Error {
  readonly code: string;
  readonly messageZh: string;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: string, message: { en: string; zh: string }, details?: Record<string, unknown>) {
    super(message.en);
    this.name = 'DomainError';
    this.code = code;
    this.messageZh = message.zh;
    this.details = details;
  }

  localized(lang: 'zh' | 'en'): string {
    return lang === 'zh' ? this.messageZh : this.message;
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}
