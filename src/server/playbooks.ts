import { Analyzer } from '../analysis/analyze';
import type { AnalysisModel } from '../analysis/model';
import { criminalParamsFrom, ruleMetaFrom } from '../io/analyzer-files';
import { type Playbook, type PlaybookFile, type PlaybookIssue, validatePlaybook } from '../playbook';
import type { Db, Sql } from '../store/db';
import type { Logger } from './logger';

/**
 * Each agency's playbook: the shipped files (playbook/) with the agency's edits laid over them. Edits
 * are rows in playbook_edits, so every server process sees them; a process caches the validated
 * playbook (and an analyser built from its rule packs) per agency and rebuilds it when the agency's
 * revision (its newest edit id) moves. A save is checked as a whole playbook before it is stored,
 * under a per-agency lock, so two leads editing at once cannot leave it broken between them.
 */

export interface AgencyPlaybook {
  revision: number;
  playbook: Playbook;
  analyzer: Analyzer;
  /** path → the agency's text, for the files it edited */
  edits: Map<string, { text: string; editedAt: Date; editedBy: string | null }>;
  /** why stored edits are not in use (they stopped validating, e.g. after an upgrade) */
  problem: string | null;
}

export type SaveResult =
  | { ok: true; revision: number }
  | { ok: false; revision: number; issues: PlaybookIssue[] };

interface EditRow {
  id: number;
  path: string;
  text: string | null;
  edited_at: Date | string;
  edited_by: string | null;
}

/**
 * How long a process trusts its cached revision before asking the database again: an edit made on
 * another process applies here within this time (at once on the process that saved it).
 */
export const REVISION_CHECK_MS = 2000;

export class PlaybookRegistry {
  private readonly cache = new Map<string, AgencyPlaybook & { checkedAt: number }>();
  private readonly shippedByPath: Map<string, string>;
  private readonly shippedAnalyzer: Analyzer;

  constructor(
    private readonly db: Db,
    readonly shippedFiles: readonly PlaybookFile[],
    readonly shipped: Playbook,
    private readonly model: AnalysisModel,
    private readonly logger: Logger,
  ) {
    this.shippedByPath = new Map(shippedFiles.map((f) => [f.path, f.text]));
    this.shippedAnalyzer = this.analyzerFor(shipped);
  }

  analyzerFor(playbook: Playbook): Analyzer {
    return new Analyzer({
      model: this.model,
      rules: ruleMetaFrom(playbook),
      criminal: criminalParamsFrom(playbook),
    });
  }

  /** The analyser of the shipped playbook (for callers without an agency). */
  get defaultAnalyzer(): Analyzer {
    return this.shippedAnalyzer;
  }

  shippedText(path: string): string | null {
    return this.shippedByPath.get(path) ?? null;
  }

  async revision(agencyId: string, sql: Pick<Sql, 'query'> = this.db): Promise<number> {
    const r = await sql.query<{ rev: number | null }>(
      'select max(id) as rev from playbook_edits where agency_id = $1',
      [agencyId],
    );
    return Number(r.rows[0]?.rev ?? 0);
  }

  async get(agencyId: string): Promise<AgencyPlaybook> {
    const cached = this.cache.get(agencyId);
    if (cached && Date.now() - cached.checkedAt < REVISION_CHECK_MS) return cached;
    const revision = await this.revision(agencyId);
    if (cached && cached.revision === revision) {
      cached.checkedAt = Date.now();
      return cached;
    }
    const built = { ...(await this.build(agencyId, this.db)), checkedAt: Date.now() };
    this.cache.set(agencyId, built);
    return built;
  }

  /** The files an agency's playbook is made of: shipped ones, edited ones replaced, added ones added. */
  private async edits(
    agencyId: string,
    sql: Pick<Sql, 'query'>,
  ): Promise<{ rows: EditRow[]; revision: number }> {
    const r = await sql.query<EditRow>(
      `select distinct on (path) id, path, text, edited_at, edited_by from playbook_edits
        where agency_id = $1 order by path, id desc`,
      [agencyId],
    );
    return { rows: r.rows, revision: Math.max(0, ...r.rows.map((x) => Number(x.id))) };
  }

  private compose(rows: readonly EditRow[], change?: { path: string; text: string | null }): PlaybookFile[] {
    const files = new Map(this.shippedByPath);
    for (const e of rows) {
      if (e.text === null) {
        if (!this.shippedByPath.has(e.path)) files.delete(e.path);
        else files.set(e.path, this.shippedByPath.get(e.path) ?? '');
      } else files.set(e.path, e.text);
    }
    if (change) {
      if (change.text !== null) files.set(change.path, change.text);
      else if (this.shippedByPath.has(change.path))
        files.set(change.path, this.shippedByPath.get(change.path) ?? '');
      else files.delete(change.path);
    }
    return [...files].sort(([a], [b]) => a.localeCompare(b)).map(([path, text]) => ({ path, text }));
  }

  private async build(agencyId: string, sql: Pick<Sql, 'query'>): Promise<AgencyPlaybook> {
    const { rows } = await this.edits(agencyId, sql);
    const revision = await this.revision(agencyId, sql);
    const edits = new Map<string, { text: string; editedAt: Date; editedBy: string | null }>();
    for (const e of rows)
      if (e.text !== null)
        edits.set(e.path, {
          text: e.text,
          editedAt: e.edited_at instanceof Date ? e.edited_at : new Date(e.edited_at),
          editedBy: e.edited_by,
        });
    if (edits.size === 0)
      return { revision, playbook: this.shipped, analyzer: this.shippedAnalyzer, edits, problem: null };
    const v = validatePlaybook(this.compose(rows));
    if (!v.ok) {
      // Saves are validated, so this means the validator changed underneath stored edits: keep
      // working on the shipped playbook and say so, rather than refusing every request.
      this.logger.error('playbook.edits_invalid', { agencyId, revision, issues: v.errors.length });
      return {
        revision,
        playbook: this.shipped,
        analyzer: this.shippedAnalyzer,
        edits,
        problem: `${v.errors.length} problem(s) in the stored edits`,
      };
    }
    return { revision, playbook: v.playbook, analyzer: this.analyzerFor(v.playbook), edits, problem: null };
  }

  /** Checks a change against the agency's current playbook without saving it. */
  async check(agencyId: string, change: { path: string; text: string | null }): Promise<SaveResult> {
    const { rows } = await this.edits(agencyId, this.db);
    const revision = await this.revision(agencyId);
    const v = validatePlaybook(this.compose(rows, change));
    return v.ok ? { ok: true, revision } : { ok: false, revision, issues: v.errors };
  }

  /** Validates the whole playbook with the change and stores it only if it passes. */
  async save(
    agencyId: string,
    userId: string,
    change: { path: string; text: string | null },
    now: Date,
    audit: (tx: Sql, revision: number) => Promise<void>,
  ): Promise<SaveResult> {
    const result = await this.db.transaction(async (tx): Promise<SaveResult> => {
      await tx.query(`select pg_advisory_xact_lock(hashtext('huikuan.playbook:' || $1))`, [agencyId]);
      const { rows } = await this.edits(agencyId, tx);
      const before = await this.revision(agencyId, tx);
      const v = validatePlaybook(this.compose(rows, change));
      if (!v.ok) return { ok: false, revision: before, issues: v.errors };
      const r = await tx.query<{ id: number }>(
        `insert into playbook_edits (agency_id, path, text, edited_by, edited_at) values ($1, $2, $3, $4, $5)
         returning id`,
        [agencyId, change.path, change.text, userId, now],
      );
      const revision = Number(r.rows[0]?.id ?? before);
      await audit(tx, revision);
      return { ok: true, revision };
    });
    // This process sees its own edit at once.
    if (result.ok) this.cache.delete(agencyId);
    return result;
  }

  /** Every path in the agency's playbook with whether the agency edited it. */
  async files(
    agencyId: string,
  ): Promise<{ path: string; edited: boolean; editedAt: Date | null; editedBy: string | null }[]> {
    const { rows } = await this.edits(agencyId, this.db);
    const byPath = new Map(rows.map((r) => [r.path, r]));
    return this.compose(rows).map((f) => {
      const e = byPath.get(f.path);
      const edited = e !== undefined && e.text !== null;
      return {
        path: f.path,
        edited,
        editedAt: edited && e ? (e.edited_at instanceof Date ? e.edited_at : new Date(e.edited_at)) : null,
        editedBy: edited && e ? e.edited_by : null,
      };
    });
  }

  async fileText(agencyId: string, path: string): Promise<string | null> {
    const { rows } = await this.edits(agencyId, this.db);
    return this.compose(rows).find((f) => f.path === path)?.text ?? null;
  }
}
