/**
 * Words that signal a risk to the debtor's life: the call stops being about money (intents.yaml:
 * emotional; the advisor's `crisis` warning; the draft note's risk line). A small cue list written
 * from the method, not from any corpus line: a missed crisis costs far more than a false one, so it
 * errs towards hearing one, and rules out only what the debtor says is not so.
 */
const CRISIS =
  /不想活|不活了|活着没意思|活着有什么意思|想死|(?<!你|你们)去死|跳楼|跳河|跳江|一死了之|死了算了|了结自己|自杀|轻生|寻短见|想不开|喝农药|吃安眠药|割腕|一了百了/g;
/** 我不会想不开的, 不至于自杀, 我又不想死: said to be ruled out. */
const RULED_OUT = /(?:不会|不至于|不要|不想|没想|没有想|别|不|没)$/;

/** The first words in `text` that speak of a risk to life, or null. */
export function crisisWords(text: string): { start: number; end: number; text: string } | null {
  CRISIS.lastIndex = 0;
  for (let m = CRISIS.exec(text); m; m = CRISIS.exec(text))
    if (!RULED_OUT.test(text.slice(Math.max(0, m.index - 4), m.index)))
      return { start: m.index, end: m.index + m[0].length, text: m[0] };
  return null;
}
