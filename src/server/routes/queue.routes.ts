import { queueBody, queueQuery } from '../api-schemas';
import { type ApiApp, defineRoute, errors, jsonContent, principal } from '../route-kit';
import type { Services } from '../services';

const queue = defineRoute('caseWorkers', {
  method: 'get',
  path: '/api/queue',
  tags: ['queue'],
  summary:
    "Today's queue: workable cases ranked by a transparent score, each with the reasons for its place; cases the contact rules block now are left out",
  request: { query: queueQuery },
  responses: { 200: jsonContent(queueBody, 'A page of the queue'), ...errors(404) },
});

export function registerQueueRoutes(app: ApiApp, services: Services): void {
  app.openapi(queue, async (c) => {
    const p = principal(c);
    const q = c.req.valid('query');
    const { playbook } = await services.playbooks.get(p.agencyId);
    // Ranked from what this process keeps of the collector's cases (read/queue-cache.ts): the same
    // answer as buildQueue, at this request's instant.
    const out = await services.queues.queue({ playbook, clock: services.clock }, p, {
      collectorId: q.collectorId ?? p.userId,
      page: q.page,
      pageSize: q.pageSize,
      ...(q.at ? { at: q.at } : {}),
    });
    return c.json(out, 200);
  });
}
