import type { Bucket } from './ports';

/**
 * The delinquency bucket of an account from its days overdue: M1 = 1–30 days, M2 = 31–60, … ;
 * 151 days and more is M6+ (the industry's "M6 and beyond", usually written off by the bank).
 * M0 is current (not overdue).
 */
export function bucketOf(daysOverdue: number): Bucket {
  if (daysOverdue <= 0) return 'M0';
  const m = Math.ceil(daysOverdue / 30);
  switch (m) {
    case 1:
      return 'M1';
    case 2:
      return 'M2';
    case 3:
      return 'M3';
    case 4:
      return 'M4';
    case 5:
      return 'M5';
    default:
      return 'M6+';
  }
}
