import type { PersonaId } from '../../../domain/ids';
import { DOMINANT_LINES } from './dominant';
import { GUILTY_LINES } from './guilty';
import { JADED_LINES } from './jaded';
import { LUCKY_LINES } from './lucky';
import { TIMID_LINES } from './timid';
import type { PersonaLines } from './types';
import { VAIN_LINES } from './vain';

export { THIRD_PARTY_LINES } from './third-party';
export * from './types';

export const PERSONA_LINES: Record<PersonaId, PersonaLines> = {
  guilty: GUILTY_LINES,
  lucky: LUCKY_LINES,
  vain: VAIN_LINES,
  dominant: DOMINANT_LINES,
  timid: TIMID_LINES,
  jaded: JADED_LINES,
};
