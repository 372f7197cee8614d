import type { Analysis, Facts, InputTurn, OutputTurn } from '../analysis/contract';

/**
 * What the advisor needs from the analyser, as a port: the `Analyzer` of src/analysis satisfies it,
 * and tests can hand in a small fake. Keeps the advisor free of model files and I/O.
 */
export interface LabellingSession {
  addTurn(turn: InputTurn, audience?: 'debtor' | 'third_party'): OutputTurn;
  result(): Analysis;
}

export interface CallLabeller {
  session(opts: { at: Date; facts?: Facts }): LabellingSession;
  analyze(turns: readonly InputTurn[], opts: { at: Date; facts?: Facts }): Analysis;
}
