// The playbook layer's public face: schemas, the validator and slot filling. Pure: the files are
// read at the edge (src/io/playbook-files.ts) and handed in as text.
export { type FillResult, fillScript, type SlotValues } from './fill-script';
export {
  type CnRuleParams,
  cnParamSchemas,
  JURISDICTIONS,
  type Jurisdiction,
  minutesOfDay,
  REQUIRED_RULES,
  type UsRuleParams,
  usParamSchemas,
} from './rule-params';
export {
  FORCE_NAMES_ZH,
  INTENT_ACTIONS,
  type Intent,
  type Persona,
  type Policies,
  type Reason,
  RISK_LEVELS,
  RULE_KINDS,
  type Rule,
  type Script,
  STAGES,
  STRATEGY_GROUP_NAMES_ZH,
  STRATEGY_GROUP_OF,
  STRATEGY_GROUPS,
  type Stage,
  type Strategy,
  type StrategyGroup,
  type Template,
} from './schema';
export {
  DEBT_WORDS,
  isSlotName,
  REQUIRABLE_FACTS,
  type RequirableFact,
  SLOT_NAMES,
  SLOTS,
  type SlotName,
  type SlotSpec,
  scanSlots,
} from './slots';
export {
  DISCOURAGED_MAX_FIT,
  findRule,
  formatPlaybookIssue,
  PLAYBOOK_ISSUE_CODES,
  type Playbook,
  type PlaybookFile,
  type PlaybookIssue,
  type PlaybookIssueCode,
  type PlaybookValidation,
  PREFERRED_MIN_FIT,
  type RulePack,
  validatePlaybook,
} from './validate-playbook';
