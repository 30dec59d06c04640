import { shellQuote } from './shell-quote.js';

/**
 * Fills a configured command template: `{name}` is replaced by the shell-quoted value of
 * vars.name; `{{` and `}}` stand for literal braces (for awk programs and the like).
 *
 * Refused, with an error naming the placeholder:
 *  - an unknown placeholder (a typo must not silently become an empty argument);
 *  - a placeholder written inside quotes in the template: `'{x}'` would turn the quoting
 *    inside out and `"{x}"` would let `$(…)` in the value run. Values are quoted for you.
 */
export function fillTemplate(template: string, vars: Record<string, string | number>): string {
  let out = '';
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < template.length; i++) {
    const ch = template[i]!;
    const next = template[i + 1];
    if (quote === "'") {
      if (ch === "'") quote = null;
    } else if (ch === '\\' && next !== undefined) {
      // A backslash escapes the next character outside single quotes.
      out += ch + next;
      i++;
      continue;
    } else if (ch === '"') {
      quote = quote === '"' ? null : '"';
    } else if (ch === "'" && quote === null) {
      quote = "'";
    }
    if ((ch === '{' && next === '{') || (ch === '}' && next === '}')) {
      out += ch;
      i++;
      continue;
    }
    if (ch === '{') {
      const m = /^\{([A-Za-z_][A-Za-z0-9_]*)\}/.exec(template.slice(i));
      if (m) {
        const name = m[1]!;
        if (quote !== null) {
          throw new Error(
            `command template: placeholder {${name}} at column ${i + 1} is inside ${quote === "'" ? 'single' : 'double'} quotes; remove the quotes, values are quoted for you`,
          );
        }
        out += shellQuote(valueOf(vars, name));
        i += m[0].length - 1;
        continue;
      }
    }
    out += ch;
  }
  if (quote !== null) throw new Error(`command template: unterminated ${quote === "'" ? 'single' : 'double'} quote`);
  return out;
}

function valueOf(vars: Record<string, string | number>, name: string): string {
  if (!Object.hasOwn(vars, name)) {
    const known = Object.keys(vars);
    throw new Error(
      `command template: unknown placeholder {${name}}${known.length ? ` (known: ${known.join(', ')})` : ' (no values given)'}`,
    );
  }
  const value = vars[name]!;
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new Error(`command template: placeholder {${name}} is not a finite number (${value})`);
  }
  return String(value);
}
