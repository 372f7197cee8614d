import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import {
  certainPersona,
  heardFromAnalysis,
  PracticeSession,
  type PracticeSituation,
  practiceHistory,
  suggestNext,
} from '../../advisor';
import type { OutputTurn } from '../../analysis/contract';
import { auditEntry } from '../../cases/audit-entry';
import { invalidState, notFound } from '../../cases/errors';
import { isOneOf, PERSONAS, type PersonaId } from '../../domain/ids';
import { auditRepository } from '../../store/audit.repository';
import { inGroup, type Principal } from '../access';
import {
  adviceBody,
  PRACTICE_SITUATIONS,
  practiceBody,
  practiceIdParam,
  practiceLineBody,
  practiceListBody,
  practiceListQuery,
  practiceTurnResponse,
  startPracticeBody,
} from '../api-schemas';
import { type ApiApp, defineRoute, errors, jsonBody, jsonContent, principal } from '../route-kit';
import type { Services } from '../services';
import { actorOf, depsFor } from './context';

/**
 * The practice simulator over HTTP. A session is its persona, situation, seed and the trainee's lines;
 * the simulator is deterministic, so each request replays them (at most 14 lines) instead of keeping
 * state in memory — any server process can continue any session.
 */

const start = defineRoute('practice', {
  method: 'post',
  path: '/api/practice',
  tags: ['practice'],
  summary:
    'Start a practice call with a simulated debtor (persona × situation); the debtor or a relative answers',
  request: { body: jsonBody(startPracticeBody) },
  responses: { 201: jsonContent(practiceBody, 'The session with its opening') },
});

const list = defineRoute('practice', {
  method: 'get',
  path: '/api/practice',
  tags: ['practice'],
  summary: 'Practice sessions: your own (trainers, managers and admins: the agency’s)',
  request: { query: practiceListQuery },
  responses: { 200: jsonContent(practiceListBody, 'Sessions, newest first') },
});

const get = defineRoute('practice', {
  method: 'get',
  path: '/api/practice/{sessionId}',
  tags: ['practice'],
  summary: 'One practice session: transcript with labels, and the score once finished',
  request: { params: practiceIdParam },
  responses: { 200: jsonContent(practiceBody, 'The session'), ...errors(404) },
});

const say = defineRoute('practice', {
  method: 'post',
  path: '/api/practice/{sessionId}/turns',
  tags: ['practice'],
  summary: 'Say one line as the collector: its labels and the simulated replies',
  request: { params: practiceIdParam, body: jsonBody(practiceLineBody) },
  responses: { 200: jsonContent(practiceTurnResponse, 'The turn and the replies'), ...errors(404, 409) },
});

const hint = defineRoute('practice', {
  method: 'get',
  path: '/api/practice/{sessionId}/hint',
  tags: ['practice'],
  summary: "The advisor's next moves for the call so far (/提示)",
  request: { params: practiceIdParam },
  responses: { 200: jsonContent(adviceBody, 'Advice'), ...errors(404) },
});

const finish = defineRoute('practice', {
  method: 'post',
  path: '/api/practice/{sessionId}/finish',
  tags: ['practice'],
  summary: 'End the call and score it (strategy fit, promise, compliance, identity) with feedback',
  request: { params: practiceIdParam },
  responses: { 200: jsonContent(practiceBody, 'The scored session'), ...errors(404) },
});

interface Row {
  id: string;
  user_id: string;
  persona: string;
  situation: string;
  seed: string;
  lines: unknown;
  started_at: Date;
  finished_at: Date | null;
  score: unknown;
}

type Body = z.infer<typeof practiceBody>;
type Turn = Body['transcript'][number];

function turnOut(t: OutputTurn): Turn {
  return {
    speaker: t.speaker,
    text: t.text,
    strategies: [...t.strategies],
    violations: t.violations.map((v) => ({ rule: v.rule, severity: v.severity, reason: v.reason })),
  };
}

function linesOf(v: unknown): string[] {
  const list = typeof v === 'string' ? JSON.parse(v) : v;
  return Array.isArray(list) ? list.map(String) : [];
}

function personaOf(v: string): PersonaId {
  if (!isOneOf(PERSONAS, v)) throw new Error(`stored practice persona ${v} is unknown`);
  return v;
}

function situationOf(v: string): PracticeSituation {
  const s = PRACTICE_SITUATIONS.find((x) => x === v);
  if (!s) throw new Error(`stored practice situation ${v} is unknown`);
  return s;
}

export function registerPracticeRoutes(app: ApiApp, services: Services): void {
  const { db } = services;

  async function replay(p: Principal, row: Row): Promise<PracticeSession> {
    const { playbook, analyzer } = await depsFor(services, p);
    const session = new PracticeSession({
      persona: personaOf(row.persona),
      situation: situationOf(row.situation),
      seed: row.seed,
      labeller: analyzer,
      playbook,
    });
    session.start();
    for (const line of linesOf(row.lines)) {
      if (session.ended) break;
      session.say(line);
    }
    return session;
  }

  async function load(p: Principal, id: string, opts: { own?: boolean } = {}): Promise<Row> {
    const r = await db.query<Row>(
      `select id, user_id, persona, situation, seed, lines, started_at, finished_at, score
         from practice_sessions where agency_id = $1 and id = $2`,
      [p.agencyId, id],
    );
    const row = r.rows[0];
    // Others' sessions are visible to trainers and managers, and changeable by no one but their owner.
    const mayRead = row && (row.user_id === p.userId || (!opts.own && inGroup(p.role, 'practiceOverseers')));
    if (!row || !mayRead) throw notFound('practice', id);
    return row;
  }

  function bodyOf(row: Row, session: PracticeSession): Body {
    const score = typeof row.score === 'string' ? JSON.parse(row.score) : row.score;
    const finished = row.finished_at !== null && score !== null && typeof score === 'object';
    return {
      id: row.id,
      userId: row.user_id,
      persona: personaOf(row.persona),
      situation: situationOf(row.situation),
      seed: row.seed,
      facts: session.facts,
      at: session.at,
      transcript: session.labelled.map(turnOut),
      ended: session.ended,
      finished,
      startedAt: new Date(row.started_at).toISOString(),
      finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
      score: finished ? practiceBody.shape.score.parse(score.score) : null,
      outcome: finished ? practiceBody.shape.outcome.parse(score.outcome) : null,
    };
  }

  app.openapi(start, async (c) => {
    const p = principal(c);
    const b = c.req.valid('json');
    const row: Row = {
      id: services.ids.next('prc'),
      user_id: p.userId,
      persona: b.persona,
      situation: b.situation,
      seed: b.seed ?? randomBytes(4).toString('hex'),
      lines: [],
      started_at: services.clock.now(),
      finished_at: null,
      score: null,
    };
    await db.query(
      `insert into practice_sessions (id, agency_id, user_id, persona, situation, seed, lines, started_at)
       values ($1, $2, $3, $4, $5, $6, '[]'::jsonb, $7)`,
      [row.id, p.agencyId, p.userId, row.persona, row.situation, row.seed, row.started_at],
    );
    return c.json(bodyOf(row, await replay(p, row)), 201);
  });

  app.openapi(list, async (c) => {
    const p = principal(c);
    const q = c.req.valid('query');
    const params: unknown[] = [p.agencyId];
    let cond = '';
    if (!inGroup(p.role, 'practiceOverseers')) {
      params.push(p.userId);
      cond = ` and s.user_id = $${params.length}`;
    } else if (q.userId) {
      params.push(q.userId);
      cond = ` and s.user_id = $${params.length}`;
    }
    const r = await db.query<{
      id: string;
      user_id: string;
      user_name: string;
      persona: string;
      situation: string;
      started_at: Date;
      finished_at: Date | null;
      total: number | null;
      turns: number;
    }>(
      `select s.id, s.user_id, u.name as user_name, s.persona, s.situation, s.started_at, s.finished_at, s.total,
              jsonb_array_length(s.lines) as turns
         from practice_sessions s join users u on u.id = s.user_id
        where s.agency_id = $1${cond} order by s.started_at desc, s.id desc limit 200`,
      params,
    );
    return c.json(
      {
        items: r.rows.map((x) => ({
          id: x.id,
          userId: x.user_id,
          userName: x.user_name,
          persona: personaOf(x.persona),
          situation: situationOf(x.situation),
          startedAt: new Date(x.started_at).toISOString(),
          finishedAt: x.finished_at ? new Date(x.finished_at).toISOString() : null,
          total: x.total,
          turns: Number(x.turns),
        })),
      },
      200,
    );
  });

  app.openapi(get, async (c) => {
    const p = principal(c);
    const row = await load(p, c.req.valid('param').sessionId);
    return c.json(bodyOf(row, await replay(p, row)), 200);
  });

  app.openapi(say, async (c) => {
    const p = principal(c);
    const row = await load(p, c.req.valid('param').sessionId, { own: true });
    if (row.finished_at)
      throw invalidState('practice.finished', {
        zh: '本次练习已结束',
        en: 'This practice session is finished',
      });
    const session = await replay(p, row);
    if (session.ended)
      throw invalidState('practice.ended', {
        zh: '对方已挂断，请结束本次练习查看评分',
        en: 'The simulated debtor has hung up; finish the session to see the score',
      });
    const { text } = c.req.valid('json');
    const { trainee, replies } = session.say(text);
    await db.query(
      `update practice_sessions set lines = lines || jsonb_build_array($3::text) where agency_id = $1 and id = $2`,
      [p.agencyId, row.id, text],
    );
    const body: z.infer<typeof practiceTurnResponse> = {
      trainee: turnOut(trainee),
      // The replies as the analyser labelled them: the last turns of the session.
      replies: replies.length ? session.labelled.slice(-replies.length).map(turnOut) : [],
      ended: session.ended,
    };
    return c.json(body, 200);
  });

  app.openapi(hint, async (c) => {
    const p = principal(c);
    const row = await load(p, c.req.valid('param').sessionId);
    const session = await replay(p, row);
    const { playbook } = await depsFor(services, p);
    const advice = suggestNext(
      {
        turns: heardFromAnalysis(session.current()),
        persona: certainPersona(personaOf(row.persona)),
        history: practiceHistory(situationOf(row.situation), new Date(session.at)),
        facts: session.facts,
        context: {},
        at: session.at,
      },
      { playbook, limit: 3 },
    );
    return c.json(advice, 200);
  });

  app.openapi(finish, async (c) => {
    const p = principal(c);
    const row = await load(p, c.req.valid('param').sessionId, { own: true });
    const session = await replay(p, row);
    if (!row.finished_at) {
      const result = session.finish();
      const now = services.clock.now();
      const stored = { score: result.score, outcome: result.outcome };
      await db.transaction(async (tx) => {
        await tx.query(
          `update practice_sessions set finished_at = $3, total = $4, score = $5::jsonb
            where agency_id = $1 and id = $2 and finished_at is null`,
          [p.agencyId, row.id, now, Math.round(result.score.total), JSON.stringify(stored)],
        );
        await auditRepository(tx).append(
          auditEntry(actorOf(p), now, null, 'practice.finished', 'practice', row.id, {
            persona: row.persona,
            situation: row.situation,
            total: result.score.total,
          }),
        );
      });
      row.finished_at = now;
      row.score = stored;
    }
    return c.json(bodyOf(row, session), 200);
  });
}
