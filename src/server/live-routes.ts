import { z } from 'zod';
import type { Principal } from './access';
import type { LiveHub } from './live-calls';
import { liveTurns } from './live-store';
import { type ApiApp, defineRoute, errors, jsonBody, jsonContent, principal } from './route-kit';

/**
 * The HTTP side of live call assist: start a live call on a case (its token is shown once, for a
 * dialer or ASR integration), read a call's stored turns, and end it (as the socket's `end` does).
 * The turns themselves go over the WebSocket `/api/live-calls/{liveCallId}/socket`.
 */

const id = z.string().min(1).max(100);
const iso = z.iso.datetime({ offset: true });

export const liveCallStartBody = z.object({ attemptId: id.nullable().optional() }).meta({
  id: 'LiveCallStart',
  description: 'The contact attempt this call is, when it was recorded before dialling',
});

export const liveCallStarted = z
  .object({
    liveCallId: id,
    caseId: id,
    startedAt: iso,
    /** for a dialer or ASR: `Authorization: Bearer <token>` on the socket; shown only here */
    token: z.string(),
    tokenExpiresAt: iso,
    socket: z.string(),
  })
  .meta({ id: 'LiveCallStarted' });

export const liveCallBody = z
  .object({
    liveCallId: id,
    caseId: id,
    status: z.enum(['active', 'ending', 'ended']),
    startedAt: iso,
    endedAt: iso.nullable(),
    callId: id.nullable(),
    turns: z.array(
      z.object({
        seq: z.int().min(0),
        speaker: z.enum(['agent', 'debtor', 'third_party']),
        text: z.string(),
        at: iso.optional(),
      }),
    ),
  })
  .meta({ id: 'LiveCall' });

export const liveCallEnded = z
  .object({ liveCallId: id, callId: id.nullable(), turns: z.int().min(0) })
  .meta({ id: 'LiveCallEnded' });

const startRoute = defineRoute('caseWorkers', {
  method: 'post',
  path: '/api/cases/{caseId}/live-calls',
  tags: ['live'],
  summary: 'Start live call assist on a case; returns the socket path and a token for the dialer',
  description:
    'Starting a live call is dialling: the contact guard decides first, and a call the rules forbid now is refused with 409 contact.blocked (details.blocking and details.nextAllowedAt, as for POST /api/cases/{caseId}/contacts). Connect to the socket with the session cookie (the browser) or `Authorization: Bearer <token>` (a dialer or ASR). Send each turn as `{"type":"turn","seq":n,"speaker":"agent|debtor|third_party","text":"…"}`; each is answered with its labels, violations, the promise and persona so far and the next strategies. A socket that drops can reconnect to any server and continue.',
  request: { params: z.object({ caseId: id }), body: jsonBody(liveCallStartBody) },
  responses: { 201: jsonContent(liveCallStarted, 'Started'), ...errors(404, 409, 422) },
});

const startFlatRoute = defineRoute('caseWorkers', {
  method: 'post',
  path: '/api/live-calls',
  tags: ['live'],
  summary: 'Start live call assist (the case in the body); same as POST /api/cases/{caseId}/live-calls',
  request: { body: jsonBody(liveCallStartBody.extend({ caseId: id })) },
  responses: { 201: jsonContent(liveCallStarted, 'Started'), ...errors(404, 409, 422) },
});

const getRoute = defineRoute('caseWorkers', {
  method: 'get',
  path: '/api/live-calls/{liveCallId}',
  tags: ['live'],
  summary: 'A live call and the turns received so far',
  request: { params: z.object({ liveCallId: id }) },
  responses: { 200: jsonContent(liveCallBody, 'The call'), ...errors(404) },
});

const endRoute = defineRoute('caseWorkers', {
  method: 'post',
  path: '/api/live-calls/{liveCallId}/end',
  tags: ['live'],
  summary: 'End a live call: it is recorded as a call (analysis stored, promises proposed)',
  request: { params: z.object({ liveCallId: id }) },
  responses: { 200: jsonContent(liveCallEnded, 'Ended (again: the same call)'), ...errors(404, 422) },
});

export function registerLiveRoutes(app: ApiApp, hub: LiveHub): void {
  const start = async (p: Principal, caseId: string, attemptId: string | null | undefined) => {
    const r = await hub.start(
      { agencyId: p.agencyId, userId: p.userId },
      { caseId, attemptId: attemptId ?? null },
    );
    return {
      liveCallId: r.liveCallId,
      caseId,
      startedAt: r.startedAt,
      token: r.token,
      tokenExpiresAt: r.tokenExpiresAt,
      socket: `/api/live-calls/${r.liveCallId}/socket`,
    };
  };

  app.openapi(startRoute, async (c) => {
    const body = c.req.valid('json');
    return c.json(await start(principal(c), c.req.valid('param').caseId, body.attemptId), 201);
  });

  app.openapi(startFlatRoute, async (c) => {
    const body = c.req.valid('json');
    return c.json(await start(principal(c), body.caseId, body.attemptId), 201);
  });

  app.openapi(getRoute, async (c) => {
    const p = principal(c);
    const row = await hub.forUser(
      { agencyId: p.agencyId, userId: p.userId },
      c.req.valid('param').liveCallId,
    );
    const turns = await liveTurns(hub.deps.db, row.id);
    return c.json(
      {
        liveCallId: row.id,
        caseId: row.caseId,
        status: row.status,
        startedAt: row.startedAt.toISOString(),
        endedAt: row.endedAt?.toISOString() ?? null,
        callId: row.callId,
        turns,
      },
      200,
    );
  });

  app.openapi(endRoute, async (c) => {
    const p = principal(c);
    const row = await hub.forUser(
      { agencyId: p.agencyId, userId: p.userId },
      c.req.valid('param').liveCallId,
    );
    const r = await (await hub.session(row)).end();
    hub.forget(row.id);
    return c.json({ liveCallId: row.id, callId: r.callId, turns: r.turns }, 200);
  });
}
