import { type ComponentType, type LazyExoticComponent, lazy } from 'react';
import type { Me } from '../api/types';
import type { MessageKey } from '../i18n/messages';

export interface ScreenProps {
  params: Record<string, string>;
}

export interface RouteDef {
  path: string;
  /** shown in the main navigation under this name */
  nav?: MessageKey;
  /** a permission group from /api/me; null: any signed-in user */
  permission: string | null;
  Screen: LazyExoticComponent<ComponentType<ScreenProps>>;
}

// Every screen is its own chunk: the first screen loads the shell and the queue, nothing else.
const QueueScreen = lazy(() => import('../screens/queue-screen').then((m) => ({ default: m.QueueScreen })));
const CaseScreen = lazy(() => import('../screens/case/case-screen').then((m) => ({ default: m.CaseScreen })));
const CasesScreen = lazy(() => import('../screens/cases-screen').then((m) => ({ default: m.CasesScreen })));
const LiveScreen = lazy(() => import('../screens/live/live-screen').then((m) => ({ default: m.LiveScreen })));
const DashboardScreen = lazy(() =>
  import('../screens/dashboard/dashboard-screen').then((m) => ({ default: m.DashboardScreen })),
);
const ApprovalsScreen = lazy(() =>
  import('../screens/approvals-screen').then((m) => ({ default: m.ApprovalsScreen })),
);
const QaScreen = lazy(() => import('../screens/qa/qa-screen').then((m) => ({ default: m.QaScreen })));
const CallReviewScreen = lazy(() =>
  import('../screens/qa/call-review-screen').then((m) => ({ default: m.CallReviewScreen })),
);
const PlaybookScreen = lazy(() =>
  import('../screens/playbook/playbook-screen').then((m) => ({ default: m.PlaybookScreen })),
);
const PracticeScreen = lazy(() =>
  import('../screens/practice-screen').then((m) => ({ default: m.PracticeScreen })),
);
const ImportScreen = lazy(() =>
  import('../screens/import-screen').then((m) => ({ default: m.ImportScreen })),
);

export const ROUTES: RouteDef[] = [
  { path: '/queue', nav: 'nav.queue', permission: 'caseWorkers', Screen: QueueScreen },
  { path: '/cases', nav: 'nav.cases', permission: 'caseReaders', Screen: CasesScreen },
  { path: '/cases/:caseId', permission: 'caseReaders', Screen: CaseScreen },
  { path: '/cases/:caseId/live', permission: 'caseWorkers', Screen: LiveScreen },
  { path: '/live', nav: 'nav.live', permission: 'caseWorkers', Screen: LiveScreen },
  { path: '/dashboard', nav: 'nav.dashboard', permission: 'dashboard', Screen: DashboardScreen },
  { path: '/dashboard/collectors/:userId', permission: 'dashboard', Screen: DashboardScreen },
  { path: '/approvals', nav: 'nav.approvals', permission: 'approvers', Screen: ApprovalsScreen },
  { path: '/qa', nav: 'nav.qa', permission: 'qaReaders', Screen: QaScreen },
  { path: '/qa/calls/:callId', permission: 'qaReaders', Screen: CallReviewScreen },
  { path: '/playbook', nav: 'nav.playbook', permission: 'staff', Screen: PlaybookScreen },
  { path: '/practice', nav: 'nav.practice', permission: 'practice', Screen: PracticeScreen },
  { path: '/practice/:sessionId', permission: 'practice', Screen: PracticeScreen },
  { path: '/import', nav: 'nav.import', permission: 'importers', Screen: ImportScreen },
];

export function allowed(me: Me, route: RouteDef): boolean {
  return route.permission === null || me.permissions.includes(route.permission);
}

/** Where each role starts its day. */
export function homeOf(me: Me): string {
  switch (me.user.role) {
    case 'collector':
      return '/queue';
    case 'lead':
    case 'manager':
      return '/dashboard';
    case 'qa':
      return '/qa';
    case 'trainer':
      return '/practice';
    case 'admin':
      return '/playbook';
    case 'client_viewer':
      return '/cases';
  }
}
