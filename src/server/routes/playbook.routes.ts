import type { z } from 'zod';
import { auditEntry } from '../../cases/audit-entry';
import { forbidden, notFound } from '../../cases/errors';
import { auditRepository } from '../../store/audit.repository';
import { inGroup, type Principal, ROLES } from '../access';
import {
  okBody,
  playbookBody,
  playbookFileBody,
  playbookFilesBody,
  playbookPathQuery,
  playbookValidationBody,
  putPlaybookFileBody,
  type ServerRole,
} from '../api-schemas';
import { httpError } from '../errors';
import { type ApiApp, defineRoute, errors, jsonBody, jsonContent, principal } from '../route-kit';
import type { Services } from '../services';
import { actorOf } from './context';

/**
 * The playbook over HTTP: everyone on staff reads it; leads, managers and admins edit it; the
 * compliance rule packs (rules/*.yaml) only admins. Every save is validated as a whole playbook —
 * a broken playbook is never stored — and the problems come back per file and path.
 */

const read = defineRoute('staff', {
  method: 'get',
  path: '/api/playbook',
  tags: ['playbook'],
  summary:
    "Your agency's playbook as the product uses it: personas, reasons, intents, strategies with scripts, rule packs, policies, templates",
  responses: { 200: jsonContent(playbookBody, 'The playbook') },
});

const files = defineRoute('staff', {
  method: 'get',
  path: '/api/playbook/files',
  tags: ['playbook'],
  summary: 'The playbook files, with which your agency edited and who may edit each',
  responses: { 200: jsonContent(playbookFilesBody, 'Files') },
});

const file = defineRoute('staff', {
  method: 'get',
  path: '/api/playbook/file',
  tags: ['playbook'],
  summary: 'One playbook file (YAML), as your agency has it, with the shipped text beside it',
  request: { query: playbookPathQuery },
  responses: { 200: jsonContent(playbookFileBody, 'The file'), ...errors(404) },
});

const validate = defineRoute('playbookEditors', {
  method: 'post',
  path: '/api/playbook/validate',
  tags: ['playbook'],
  summary: 'Check an edit without saving it: the whole playbook with this file replaced',
  request: { body: jsonBody(putPlaybookFileBody) },
  responses: { 200: jsonContent(playbookValidationBody, 'ok, or the problems per file, path and line') },
});

const save = defineRoute('playbookEditors', {
  method: 'put',
  path: '/api/playbook/file',
  tags: ['playbook'],
  summary:
    'Save a playbook file; refused with every problem (422 playbook.invalid, details.issues) unless the whole playbook validates',
  request: { body: jsonBody(putPlaybookFileBody) },
  responses: { 200: jsonContent(playbookValidationBody, 'Saved'), ...errors(422) },
});

const revert = defineRoute('playbookEditors', {
  method: 'delete',
  path: '/api/playbook/file',
  tags: ['playbook'],
  summary: "Drop your agency's edit of a file: back to the shipped text (checked like a save)",
  request: { query: playbookPathQuery },
  responses: { 200: jsonContent(okBody, 'Reverted'), ...errors(404, 422) },
});

const isRulePack = (path: string) => path.startsWith('rules/');

function editorsOf(path: string): ServerRole[] {
  return [...(isRulePack(path) ? ROLES.rulePackEditors : ROLES.playbookEditors)];
}

function assertMayEdit(p: Principal, path: string): void {
  if (isRulePack(path) && !inGroup(p.role, 'rulePackEditors'))
    throw forbidden('edit a compliance rule pack', {
      en: 'rule packs are edited by administrators',
      zh: '合规规则包仅管理员可修改',
    });
}

export function registerPlaybookRoutes(app: ApiApp, services: Services): void {
  const reg = services.playbooks;

  app.openapi(read, async (c) => {
    const p = principal(c);
    const own = await reg.get(p.agencyId);
    const pb = own.playbook;
    const body: z.infer<typeof playbookBody> = {
      revision: own.revision,
      problem: own.problem,
      playbook: {
        personas: pb.personas,
        reasons: pb.reasons,
        intents: pb.intents,
        strategies: pb.strategies,
        rulePacks: Object.fromEntries(
          Object.entries(pb.rulePacks).map(([id, pack]) => [
            id,
            {
              id: pack.id,
              name_zh: pack.name_zh,
              ...(pack.description_zh ? { description_zh: pack.description_zh } : {}),
              jurisdiction: pack.jurisdiction,
              extends: pack.extends,
              rules: pack.rules,
              params: Object.fromEntries(Object.entries(pack.params).map(([k, v]) => [k, { ...v }])),
            },
          ]),
        ),
        policies: pb.policies,
        templates: pb.templates,
      },
    };
    return c.json(body, 200);
  });

  app.openapi(files, async (c) => {
    const p = principal(c);
    const list = await reg.files(p.agencyId);
    return c.json(
      {
        revision: await reg.revision(p.agencyId),
        files: list.map((f) => ({
          path: f.path,
          edited: f.edited,
          editedAt: f.editedAt?.toISOString() ?? null,
          editedBy: f.editedBy,
          editableBy: editorsOf(f.path),
        })),
      },
      200,
    );
  });

  app.openapi(file, async (c) => {
    const p = principal(c);
    const { path } = c.req.valid('query');
    const text = await reg.fileText(p.agencyId, path);
    if (text === null) throw notFound('playbook_file', path);
    const shipped = reg.shippedText(path);
    return c.json({ path, text, edited: shipped === null || shipped !== text, shippedText: shipped }, 200);
  });

  app.openapi(validate, async (c) => {
    const p = principal(c);
    const { path, text } = c.req.valid('json');
    assertMayEdit(p, path);
    const r = await reg.check(p.agencyId, { path, text });
    return c.json({ ok: r.ok, revision: r.revision, issues: r.ok ? [] : r.issues }, 200);
  });

  const store = async (p: Principal, path: string, text: string | null) => {
    assertMayEdit(p, path);
    const now = services.clock.now();
    const r = await reg.save(p.agencyId, p.userId, { path, text }, now, async (tx, revision) => {
      await auditRepository(tx).append(
        auditEntry(
          actorOf(p),
          now,
          null,
          text === null ? 'playbook.reverted' : 'playbook.edited',
          'playbook',
          path,
          {
            revision,
          },
        ),
      );
    });
    if (!r.ok)
      throw httpError(
        'playbook.invalid',
        {
          zh: `剧本有 ${r.issues.length} 处问题，未保存`,
          en: `The playbook has ${r.issues.length} problem(s); nothing was saved`,
        },
        { issues: r.issues.map((i) => ({ ...i })) },
      );
    return r.revision;
  };

  app.openapi(save, async (c) => {
    const p = principal(c);
    const { path, text } = c.req.valid('json');
    const revision = await store(p, path, text);
    return c.json({ ok: true, revision, issues: [] }, 200);
  });

  app.openapi(revert, async (c) => {
    const p = principal(c);
    const { path } = c.req.valid('query');
    if ((await reg.fileText(p.agencyId, path)) === null) throw notFound('playbook_file', path);
    await store(p, path, null);
    const ok: z.infer<typeof okBody> = { ok: true };
    return c.json(ok, 200);
  });
}
