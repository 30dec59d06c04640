/**
 * Command and URL templates in the inventory. The syntax is the one src/ssh/command-template.ts
 * fills: `{name}` is a placeholder, `{{` and `}}` are literal braces. In commands every value
 * is shell-quoted for you (and a placeholder inside quotes is refused); in URLs every value is
 * URL-encoded. Validation reuses the real filler, so what validates is what runs.
 */
import { fillTemplate } from '../ssh/command-template.js';

/** Placeholders every component command and URL may use. */
export const COMPONENT_PLACEHOLDERS = ['host', 'address', 'port', 'user', 'component', 'role'] as const;
/** Degradation controls may also use the control's name and its configured value. */
export const CONTROL_PLACEHOLDERS = [...COMPONENT_PLACEHOLDERS, 'control', 'value'] as const;

const TOKEN = /\\[\s\S]|\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Placeholder names used in a template, in order (escapes and doubled braces skipped). */
export function templatePlaceholders(template: string): string[] {
  return [...template.matchAll(TOKEN)].flatMap((match) => (match[1] === undefined ? [] : [match[1]]));
}

/** Why a command template cannot run with the allowed placeholders, or undefined when it can. */
export function commandTemplateProblem(template: string, allowed: readonly string[]): string | undefined {
  try {
    fillTemplate(template, Object.fromEntries(allowed.map((name) => [name, 'x'])));
    return undefined;
  } catch (error) {
    return (error as Error).message.replace(/^command template: /, '');
  }
}

/** Placeholders in a URL template that are not allowed. */
export function unknownUrlPlaceholders(template: string, allowed: readonly string[]): string[] {
  return [...new Set(templatePlaceholders(template).filter((name) => !allowed.includes(name)))];
}

/** Fills a URL template: `{name}` → encodeURIComponent(value); `{{` / `}}` → braces. */
export function fillUrlTemplate(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(TOKEN, (token: string, name: string | undefined) => {
    if (name === undefined) return token.startsWith('\\') ? token : token.slice(1);
    if (!Object.hasOwn(values, name)) throw new Error(`URL template: unknown placeholder {${name}} in ${template}`);
    return encodeURIComponent(String(values[name]));
  });
}
