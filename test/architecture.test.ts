/**
 * The layering of docs/architecture.md, kept true: every import of every file under src/ is
 * read with the TypeScript compiler's own pre-processor (static, re-exports and dynamic
 * `import()` alike) and checked against the rules.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(join(repo, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

interface Import {
  file: string;
  /** A repository path (`src/model/store.js`) for a relative import, else the package name. */
  target: string;
}

function importsOf(file: string): Import[] {
  const info = ts.preProcessFile(readFileSync(join(repo, file), 'utf8'), true, true);
  return info.importedFiles.map(({ fileName }) => ({ file, target: fileName.startsWith('.') ? relative(repo, resolve(join(repo, dirname(file)), fileName)) : fileName }));
}

const imports = sourceFiles('src').flatMap(importsOf);
const layerOf = (path: string) => path.split('/')[1];
const broken = (rule: (i: Import) => boolean) => imports.filter(rule).map((i) => `${i.file} imports ${i.target}`);

describe('architecture', () => {
  it('reads the imports it checks (a walk that found none would pass every rule)', () => {
    expect(imports.length).toBeGreaterThan(500);
    expect(imports.some((i) => i.target === 'src/model/host-snapshot.js')).toBe(true);
  });

  it('src/ never imports React, Ink, chalk, the views or the commands', () => {
    expect(broken((i) => /^(react|ink|chalk)(\/|$)/.test(i.target) || /^(views|commands)\//.test(i.target))).toEqual([]);
  });

  it('src/model imports nothing else from src/: it is the ground the rest stands on', () => {
    expect(broken((i) => layerOf(i.file) === 'model' && i.target.startsWith('src/') && !i.target.startsWith('src/model/'))).toEqual([]);
  });

  it('src/collect returns raw readings: it imports nothing of analysis, fleet or procedures', () => {
    expect(broken((i) => layerOf(i.file) === 'collect' && /^src\/(analysis|fleet|procedures)\//.test(i.target))).toEqual([]);
  });

  it('the session is the one composition root: commands and views open no fleet, watcher or audit log of their own', () => {
    const opens = /new (FleetMonitor|PlatformWatcher|JvmWatcher|ComponentHealthWatch|AuditLog)\(|\b(watchFleet|watchLocalHost)\(/;
    const files = [...sourceFiles('commands'), ...sourceFiles('views')];
    expect(files.length).toBeGreaterThan(50);
    const offenders = files.flatMap((file) =>
      readFileSync(join(repo, file), 'utf8')
        .split('\n')
        .flatMap((line, i) => (opens.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(offenders).toEqual([]);
  });
});
