/**
 * The layering of docs/architecture.md, kept true: every import line of src/ is read (a regex
 * over `import … from` / `export … from` / `import()`) and resolved to the file it names.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const SPECIFIER = /(?:\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(e.name) ? [path] : [];
  });
}

/** Every import of every file under src/: the importing file and the target (repo-relative path, or the package name). */
const imports = sourceFiles(join(root, 'src')).flatMap((file) =>
  [...readFileSync(file, 'utf8').matchAll(SPECIFIER)].map(([, spec]) => ({
    from: relative(root, file),
    to: spec!.startsWith('.') ? relative(root, resolve(dirname(file), spec!)).replace(/\.js$/, '.ts') : spec!,
  })),
);

const violations = (test: (i: { from: string; to: string }) => boolean): string[] => imports.filter(test).map((i) => `${i.from} → ${i.to}`);

describe('architecture', () => {
  it('reads the imports of src/ (the walk itself works)', () => {
    expect(imports.length).toBeGreaterThan(200);
    expect(imports).toContainEqual({ from: 'src/model/store.ts', to: 'src/model/ring-buffer.ts' });
  });

  it('src/ never imports React, Ink, chalk or views/', () => {
    expect(violations((i) => /^(react|react\/.*|ink|ink\/.*|chalk)$/.test(i.to) || i.to.startsWith('views/'))).toEqual([]);
  });

  it('src/model/ imports nothing else from src/', () => {
    expect(violations((i) => i.from.startsWith('src/model/') && i.to.startsWith('src/') && !i.to.startsWith('src/model/'))).toEqual([]);
  });

  it('src/collect/ imports nothing from analysis/, fleet/ or procedures/', () => {
    expect(violations((i) => i.from.startsWith('src/collect/') && /^src\/(analysis|fleet|procedures)\//.test(i.to))).toEqual([]);
  });
});
