// Builds dist/ with esbuild: one bundle per entry (plus shared chunks for the code each
// command loads on demand), so `perfmon` starts without resolving hundreds of small modules.
// Type checking is tsc's job (`npm run typecheck`); this only transpiles and bundles.
import { build } from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Ink 6's text caches never evict (ink#986) and its output caches last one frame: bundle our
 * bounded, persistent ones in their place (views/ink-patches/). Our output module extends
 * Ink's own, which it imports as 'ink/build/output.js'.
 */
const PATCHED = { 'measure-text': 'measure-text', 'wrap-text': 'wrap-text', output: 'persistent-output', 'sanitize-ansi': 'cached-sanitize-ansi' };
const inkPatches = {
  name: 'ink-patches',
  setup(b) {
    b.onResolve({ filter: /^\.\/(measure-text|wrap-text|output|sanitize-ansi)\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]ink[\\/]/.test(args.importer) ? { path: resolve(`views/ink-patches/${PATCHED[args.path.slice(2, -3)]}.ts`) } : undefined,
    );
    b.onResolve({ filter: /^ink\/build\/(output|sanitize-ansi)\.js$/ }, (args) => ({ path: resolve(`node_modules/${args.path}`) }));
    b.onResolve({ filter: /^widest-line$/ }, (args) =>
      /[\\/]node_modules[\\/]ink[\\/]/.test(args.importer) ? { path: resolve('views/ink-patches/widest-line.ts') } : undefined,
    );
  },
};

const result = await build({
  entryPoints: { cli: 'commands/cli.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  jsx: 'automatic',
  sourcemap: 'linked',
  // React's production build: no dev-only checks on every render.
  define: { 'process.env.NODE_ENV': '"production"' },
  // Native addons (and what only loads them) stay in node_modules.
  // react-devtools-core is Ink's optional dev-mode helper, never installed.
  external: ['ssh2', 'cpu-features', 'node-pty', 'react-devtools-core', 'lmdb'],
  // Some bundled CommonJS packages call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __perfmonCreateRequire } from 'node:module'; const require = __perfmonCreateRequire(import.meta.url);" },
  plugins: [inkPatches],
  metafile: true,
  logLevel: 'warning',
});

// Files of earlier builds go only after this one is written, so a perfmon started meanwhile
// (a test, an operator) never finds dist/ half empty.
const fresh = new Set(Object.keys(result.metafile.outputs).map((path) => path.replace(/^dist\//, '')));
for (const file of readdirSync('dist')) if (!fresh.has(file)) rmSync(`dist/${file}`, { recursive: true, force: true });
