import { type Document, isMap, isNode, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';

/** One parsed playbook file, kept with its syntax tree so problems can be traced to a line. */
export interface YamlSource {
  path: string;
  doc: Document;
  lines: LineCounter;
  data: unknown;
}

export interface YamlSyntaxProblem {
  line: number | null;
  message: string;
}

export type PathSegment = string | number;

export function parseYamlSource(
  path: string,
  text: string,
): { ok: true; source: YamlSource } | { ok: false; problems: YamlSyntaxProblem[] } {
  const lines = new LineCounter();
  // uniqueKeys: a repeated key would silently drop the first value, which a team lead would never notice.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    // Only the first: later syntax errors are mostly echoes of it and would bury the real cause.
    const more = doc.errors.length > 1 ? '（修正后请重新校验，后续的语法错误多半由此引起）' : '';
    return {
      ok: false,
      problems: [
        {
          line: first.linePos?.[0].line ?? lines.linePos(first.pos[0]).line,
          message: `YAML 语法错误（${first.code}）：${first.message.split('\n')[0]}${more}`,
        },
      ],
    };
  }
  return { ok: true, source: { path, doc, lines, data: doc.toJS() } };
}

function rangeStart(node: unknown): number | undefined {
  if (isNode(node) && node.range) return node.range[0];
  return undefined;
}

/** Offset of a map key (better than its value: a block value starts on the next line). */
function keyStart(parent: unknown, key: PathSegment): number | undefined {
  if (!isMap(parent)) return undefined;
  for (const pair of parent.items) {
    if (!isPair(pair)) continue;
    const k = pair.key;
    if (isScalar(k) && String(k.value) === String(key)) return rangeStart(k) ?? rangeStart(pair.value);
  }
  return undefined;
}

/**
 * The 1-based line of the node at `path`, or of its nearest existing ancestor when the path points
 * at something missing (a required key that was left out).
 */
export function lineOf(source: YamlSource, path: readonly PathSegment[]): number | null {
  for (let n = path.length; n >= 0; n--) {
    const prefix = path.slice(0, n);
    const last = prefix[prefix.length - 1];
    let offset: number | undefined;
    if (n === 0) {
      offset = rangeStart(source.doc.contents);
    } else {
      const parent = n === 1 ? source.doc.contents : source.doc.getIn(prefix.slice(0, -1), true);
      if (last !== undefined && isMap(parent)) offset = keyStart(parent, last);
      else if (typeof last === 'number' && isSeq(parent)) offset = rangeStart(parent.items[last]);
    }
    if (offset !== undefined) return source.lines.linePos(offset).line;
  }
  return null;
}

/** `scripts[2].text`, `persona_fit.timid`, `rules[0].params["quiet_start"]` for odd keys. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}
