/** A usage problem: printed with the command's help, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export function lang(): 'zh' | 'en' {
  const l = process.env.HUIKUAN_LANG ?? process.env.LC_ALL ?? process.env.LANG ?? '';
  return l.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}
