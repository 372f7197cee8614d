import type { ApiApp } from '../route-kit';
import type { Services } from '../services';
import { registerAdvisorRoutes } from './advisor.routes';
import { registerAuditRoutes } from './audit.routes';
import { registerAuthRoutes } from './auth.routes';
import { registerCaseRoutes } from './cases.routes';
import { registerDashboardRoutes } from './dashboard.routes';
import { registerEscalationRoutes } from './escalations.routes';
import { registerHealthRoutes } from './health.routes';
import { registerHoldRoutes } from './holds.routes';
import { registerImportRoutes } from './imports.routes';
import { registerOrgRoutes } from './org.routes';
import { registerPlanRoutes } from './plans.routes';
import { registerPlaybookRoutes } from './playbook.routes';
import { registerPracticeRoutes } from './practice.routes';
import { registerQaRoutes } from './qa.routes';
import { registerQueueRoutes } from './queue.routes';
import { registerWorkRoutes } from './work.routes';

/** Every route of the core API, in the order the OpenAPI document lists them. */
export function registerRoutes(app: ApiApp, services: Services): void {
  registerHealthRoutes(app, services);
  registerAuthRoutes(app, services);
  registerQueueRoutes(app, services);
  // Fixed paths (/api/cases/assign) before parameterised ones (/api/cases/{caseId}).
  registerCaseRoutes(app, services);
  registerWorkRoutes(app, services);
  registerPlanRoutes(app, services);
  registerHoldRoutes(app, services);
  registerEscalationRoutes(app, services);
  registerAdvisorRoutes(app, services);
  registerImportRoutes(app, services);
  registerOrgRoutes(app, services);
  registerPlaybookRoutes(app, services);
  registerAuditRoutes(app, services);
  registerPracticeRoutes(app, services);
  registerDashboardRoutes(app, services);
  registerQaRoutes(app, services);
}
