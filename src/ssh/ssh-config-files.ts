import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { matchPattern } from './host-patterns.js';
import { expandTilde } from './ssh-config-tokens.js';

/**
 * Reads ssh_config files into one text for the ssh-config package, which knows neither
 * several files nor `Include`. Files are concatenated in order (first value wins across
 * them, as in OpenSSH); each later file starts under `Host *` so its global lines stay
 * global. `Include` is expanded in place (globs in the last path component), and the
 * section that was open before it is reopened after it. An Include inside a Host block
 * whose file has its own Host lines is approximated: those lines apply on their own.
 */
export function readConfigFiles(files: string[], home: string): string {
  const parts: string[] = [];
  for (const file of files) {
    const text = readIfExists(file);
    if (text === undefined) continue;
    const base = file.startsWith('/etc/') ? dirname(file) : join(home, '.ssh');
    parts.push(expandIncludes(text, file, base, home, 0));
  }
  return parts.join('\nHost *\n');
}

function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`ssh config ${file}: ${(err as Error).message}`);
  }
}

function expandIncludes(text: string, file: string, base: string, home: string, depth: number): string {
  if (depth > 16) throw new Error(`ssh config ${file}: Include nested too deeply`);
  const out: string[] = [];
  let section = 'Host *';
  text.split('\n').forEach((line, index) => {
    if (/^\s*(Host|Match)\b/i.test(line)) section = line.trim();
    const m = /^\s*Include(?:\s*=\s*|\s+)(.+?)\s*$/i.exec(line);
    if (!m) {
      out.push(line);
      return;
    }
    const where = `ssh config ${file}:${index + 1}`;
    for (const pattern of m[1]!.split(/\s+/).map((p) => p.replace(/^"(.*)"$/, '$1'))) {
      const path = expandTilde(pattern, home, where);
      for (const included of globFiles(isAbsolute(path) ? path : join(base, path))) {
        const content = readIfExists(included);
        if (content !== undefined) out.push(expandIncludes(content, included, base, home, depth + 1));
      }
    }
    out.push(section);
  });
  return out.join('\n');
}

function globFiles(path: string): string[] {
  const name = basename(path);
  if (!/[*?]/.test(name)) return [path];
  const dir = dirname(path);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.filter((n) => matchPattern(n, name)).sort().map((n) => join(dir, n));
}
