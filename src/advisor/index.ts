// The advisor layer's public face: next strategy, lawful scripts, learning from outcomes, team
// hand-over and the practice simulator. Pure: the analyser and storage come in through ports.
export {
  type Arm,
  type CellCounts,
  type CellPosterior,
  EffectivenessTable,
  type RankingMode,
} from './effectiveness';
export { DEFAULT_MIN_OUTCOMES, type EffectivenessReport, effectivenessReport } from './effectiveness-report';
export { type EvalReport, evaluateNextStrategy, personaListBaseline } from './evaluate-next';
export { type HandOver, type HandOverInput, handOver, handOverInputSchema } from './hand-over';
export { inferStage, STAGE_NAMES_ZH } from './infer-stage';
export {
  type AdviceInput,
  adviceInputSchema,
  type CollectorRole,
  certainPersona,
  type HeardTurn,
  heardFromAnalysis,
  type OfferPolicy,
  type OutcomeEvents,
  offerPolicySchema,
  type PastContact,
  type PersonaView,
  pastContactSchema,
  personaFromAnalysis,
  type ScriptContext,
  scriptContextSchema,
} from './input';
export type { CallLabeller, LabellingSession } from './labeller';
export { InMemoryStrategyOutcomeStore, resolveCall, type StrategyOutcomeStore } from './outcome-store';
export {
  type CellTally,
  classifyOutcome,
  countCells,
  type OutcomeResult,
  resolveUses,
  type StrategyUse,
  strategyUseSchema,
  usesFromCall,
} from './outcomes';
export {
  PRACTICE_SITUATION_NAMES_ZH,
  PRACTICE_SITUATIONS,
  type PracticeSituation,
  practiceHistory,
} from './practice/practice-case';
export { PRACTICE_AT, type PracticeResult, PracticeSession } from './practice/practice-session';
export { ScriptedTrainee, TRAINEE_SKILLS, type TraineeSkill } from './practice/scripted-trainee';
export { SeededRandom } from './random';
export type { FilledScript, WithheldScript } from './scripts';
export { type Advice, type AdviseOptions, type RankedStrategy, suggestNext } from './suggest-next';
export { WARNING_CODES, type Warning, type WarningCode } from './warnings';
