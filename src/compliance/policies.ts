import type { Playbook } from '../playbook';
import type { PackPolicy } from './contact-guard';

/** The packs a client has selected, resolved to the guard's typed parameters. */
export function policiesFor(
  playbook: Playbook,
  packs: readonly string[],
  opts: { strictHours?: boolean } = {},
): PackPolicy[] {
  return packs.map((id) => {
    const p = playbook.rulePacks[id];
    if (!p)
      throw new Error(`unknown rule pack "${id}" (known: ${Object.keys(playbook.rulePacks).join(', ')})`);
    return p.jurisdiction === 'cn'
      ? { pack: id, jurisdiction: 'cn', params: p.params, strictHours: opts.strictHours ?? false }
      : { pack: id, jurisdiction: 'us', params: p.params };
  });
}
