/** ANSI colours, only when writing to a terminal and NO_COLOR is unset (no-color.org). */
export function colours(stream: NodeJS.WriteStream) {
  const on = stream.isTTY === true && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
  const wrap = (code: string) => (s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);
  return {
    bold: wrap('1'),
    dim: wrap('2'),
    red: wrap('31'),
    green: wrap('32'),
    yellow: wrap('33'),
    blue: wrap('34'),
    magenta: wrap('35'),
    cyan: wrap('36'),
    inverse: wrap('7'),
  };
}
export type Colours = ReturnType<typeof colours>;
