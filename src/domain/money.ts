/** Money is held in integer fen (1 yuan = 100 fen) everywhere but the analysis contract (yuan). */
export type Fen = number;

export function yuanToFen(yuan: number): Fen {
  return Math.round(yuan * 100);
}

export function fenToYuan(fen: Fen): number {
  return fen / 100;
}

/** "¥12,345.60" — for notes and scripts. */
export function formatYuan(fen: Fen): string {
  const neg = fen < 0;
  const abs = Math.abs(Math.round(fen));
  const yuan = Math.floor(abs / 100);
  const cents = abs % 100;
  const grouped = yuan.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}¥${grouped}${cents ? `.${cents.toString().padStart(2, '0')}` : ''}`;
}
