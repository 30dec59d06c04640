import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../views/keys/commands.js';
import { displayKey } from '../views/keys/key-names.js';

const README = new URL('../README.md', import.meta.url);
const START = '<!-- keys:start (generated from views/keys/commands.ts by test/readme.test.ts; do not edit) -->';
const END = '<!-- keys:end -->';

function where(scope: string): string {
  if (scope === 'global') return 'anywhere';
  if (scope === 'list') return 'lists';
  if (scope === 'modal') return 'dialogs';
  if (scope.startsWith('modal:')) return `${scope.slice(6)} dialog`;
  return `${scope.slice(5)} pane`;
}

/** The README's key table, generated from the registry so that it cannot drift. */
function keysTable(): string {
  const rows = COMMANDS.map((c) => `| ${c.keys.map((k) => `\`${displayKey(k)}\``).join(' ')} | ${where(c.scope)} | ${c.description}${c.dangerous ? ' (changes hosts; hidden with --read-only)' : ''} |`);
  return ['| keys | where | does |', '| --- | --- | --- |', ...rows].join('\n');
}

describe('README', () => {
  it('documents every key of the registry (UPDATE_README=1 regenerates the table)', () => {
    const text = readFileSync(README, 'utf8');
    const start = text.indexOf(START);
    const end = text.indexOf(END);
    expect(start).toBeGreaterThan(0);
    const expected = `${START}\n${keysTable()}\n${END}`;
    const actual = text.slice(start, end + END.length);
    if (process.env['UPDATE_README'] && actual !== expected) writeFileSync(README, text.replace(actual, expected));
    else expect(actual).toBe(expected);
  });

  it('has a quick start of exactly two commands, and CI runs its test command', () => {
    const text = readFileSync(README, 'utf8');
    const quickStart = text.slice(text.indexOf('## Quick start'), text.indexOf('## The screen'));
    const commands = [...quickStart.matchAll(/```sh\n([^`]+)```/g)].map((m) => m[1]!.trim());
    expect(commands).toEqual(['npm ci && npm start', 'npm ci && npm test']);
    expect(readFileSync(new URL('../.ci/run', import.meta.url), 'utf8')).toContain(commands[1]);
  });
});
