import type { z } from 'zod';
import { generateCases, PLACEMENT_HEADERS, placementRecord } from '../generator';
import { DEFAULT_MAPPING } from './import-mapping';
import {
  type ImportReport,
  importPlacement,
  type importPlacementInput,
  type SourceRow,
} from './import-placement';
import type { Actor, Deps } from './ports';

/**
 * Synthetic placements straight into the store (demo data, benchmarks): the generator's rows go
 * through the same validation and write path as a bank's file, so what the demo shows is what an
 * import produces.
 */
export async function importGenerated(
  deps: Deps<'org' | 'imports' | 'audit'>,
  actor: Actor,
  input: Omit<z.input<typeof importPlacementInput>, 'skipInvalid'> & { seed: string; count: number },
): Promise<ImportReport> {
  const { seed, count, ...rest } = input;
  async function* rows(): AsyncGenerator<SourceRow> {
    let row = 2;
    for (const c of generateCases({ seed, asOf: rest.asOf, count }))
      yield { row: row++, cells: placementRecord(c) };
  }
  return importPlacement(
    deps,
    actor,
    { ...rest, skipInvalid: false },
    { headers: PLACEMENT_HEADERS, rows: rows() },
    DEFAULT_MAPPING,
    {
      reject: (row, problems) => {
        // The generator writes only valid rows: a reject is a bug in one of the two.
        throw new Error(`generated row ${row.row} rejected: ${problems.map((p) => p.en).join('; ')}`);
      },
    },
  );
}
