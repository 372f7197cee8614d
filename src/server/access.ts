import type { ServerRole } from './api-schemas';

/**
 * Who may do what, in one place. Every route names the roles it admits (checked before its input
 * is read), and every read of case data is scoped here by agency, then by role: a collector sees
 * their own cases, a lead their team's, a client-bank viewer its own bank's, QA and managers the
 * agency's. The use cases check again on every write (src/cases/access.ts).
 */

export interface Principal {
  userId: string;
  agencyId: string;
  role: ServerRole;
  teamId: string | null;
  /** client-bank viewers only */
  clientId: string | null;
  name: string;
  login: string;
  staffNo: string | null;
  sessionId: string;
  csrfToken: string;
  sessionCreatedAt: Date;
  sessionExpiresAt: Date;
}

const ALL: readonly ServerRole[] = [
  'collector',
  'lead',
  'manager',
  'qa',
  'trainer',
  'admin',
  'client_viewer',
];

/** Named groups of roles the routes admit. */
export const ROLES = {
  everyone: ALL,
  staff: ALL.filter((r) => r !== 'client_viewer'),
  /** may look at cases (each within their scope) */
  caseReaders: ['collector', 'lead', 'manager', 'qa', 'admin', 'client_viewer'],
  /** may change cases: contacts, calls, promises, payments, plans */
  caseWorkers: ['collector', 'lead', 'manager'],
  leads: ['lead', 'manager'],
  approvers: ['lead', 'manager', 'admin'],
  /** users, teams, clients */
  orgAdmins: ['manager', 'admin'],
  importers: ['lead', 'manager', 'admin'],
  playbookEditors: ['lead', 'manager', 'admin'],
  /** compliance rule packs: admins only */
  rulePackEditors: ['admin'],
  qaReaders: ['collector', 'lead', 'manager', 'qa', 'admin'],
  qaReviewers: ['qa', 'manager'],
  auditReaders: ['lead', 'manager', 'qa', 'admin'],
  dashboard: ['lead', 'manager', 'admin'],
  placements: ['lead', 'manager', 'admin', 'client_viewer'],
  complaints: ['collector', 'lead', 'manager', 'qa'],
  complaintAnswerers: ['lead', 'manager', 'qa'],
  practice: ALL.filter((r) => r !== 'client_viewer'),
  practiceOverseers: ['trainer', 'manager', 'admin'],
} as const satisfies Record<string, readonly ServerRole[]>;

export type RoleGroup = keyof typeof ROLES;

function isGroup(k: string): k is RoleGroup {
  return k in ROLES;
}
const GROUPS: readonly RoleGroup[] = Object.keys(ROLES).filter(isGroup);

export function inGroup(role: ServerRole, group: RoleGroup): boolean {
  const members: readonly ServerRole[] = ROLES[group];
  return members.includes(role);
}

/** What /api/me tells the UI this role may do (the server still checks every request). */
export function permissionsOf(role: ServerRole): string[] {
  return GROUPS.filter((g) => inGroup(role, g));
}

/**
 * The SQL condition that keeps a case query inside the principal's scope. `c` is the cases alias;
 * parameters are appended to `params`. Trainers see no cases at all.
 */
export function caseScopeSql(p: Principal, c: string, params: unknown[]): string {
  params.push(p.agencyId);
  const agency = `${c}.agency_id = $${params.length}`;
  switch (p.role) {
    case 'collector':
      params.push(p.userId);
      return `${agency} and ${c}.assignee_id = $${params.length}`;
    case 'lead':
      params.push(p.userId);
      if (!p.teamId) return `${agency} and ${c}.assignee_id = $${params.length}`;
      params.push(p.teamId);
      return `${agency} and (${c}.assignee_id = $${params.length - 1} or ${c}.team_id = $${params.length})`;
    case 'client_viewer':
      params.push(p.clientId);
      return `${agency} and ${c}.client_id = $${params.length}`;
    case 'manager':
    case 'admin':
    case 'qa':
      return agency;
    case 'trainer':
      return 'false';
  }
}

export interface ScopedCase {
  id: string;
  agencyId: string;
  clientId: string;
  assigneeId: string | null;
  teamId: string | null;
  debtorId: string;
}

/** The same scope as caseScopeSql, for a case already loaded. */
export function caseInScope(p: Principal, c: ScopedCase): boolean {
  if (c.agencyId !== p.agencyId) return false;
  switch (p.role) {
    case 'collector':
      return c.assigneeId === p.userId;
    case 'lead':
      return c.assigneeId === p.userId || (p.teamId !== null && c.teamId === p.teamId);
    case 'client_viewer':
      return c.clientId === p.clientId;
    case 'manager':
    case 'admin':
    case 'qa':
      return true;
    case 'trainer':
      return false;
  }
}

/** May change the case (record contacts, calls, promises, payments, plans)? */
export function mayWork(p: Principal, c: ScopedCase): boolean {
  return inGroup(p.role, 'caseWorkers') && caseInScope(p, c);
}

/**
 * May see the debtor's ID number and phone numbers unmasked, through the audited reveal: only the
 * roles whose work needs them — the collector on their own case, the lead on their team's.
 */
export function mayReveal(p: Principal, c: ScopedCase): boolean {
  if (c.agencyId !== p.agencyId) return false;
  if (p.role === 'collector') return c.assigneeId === p.userId;
  if (p.role === 'lead') return c.assigneeId === p.userId || (p.teamId !== null && c.teamId === p.teamId);
  return false;
}

/** The debtor's name in full for those who talk to them; masked for QA, admins and bank viewers. */
export function seesDebtorName(p: Principal): boolean {
  return inGroup(p.role, 'caseWorkers');
}

/** Lead actions on the case: approvals, 停催, takeover, dispute resolution. */
export function mayLead(p: Principal, c: ScopedCase): boolean {
  return inGroup(p.role, 'leads') && caseInScope(p, c);
}
