/**
 * What a JVM runs, from its command line: the main class, the `-jar` file or the `-m` module,
 * as `jcmd -l` would name it. Pure.
 */

/** Launcher options (java, and commons-daemon's jsvc) whose value is the next argument. */
const TAKES_VALUE = new Set([
  '-cp', '-classpath', '--class-path', '-p', '--module-path', '--upgrade-module-path', '--add-modules', '--add-opens',
  '--add-exports', '--add-reads', '--patch-module', '--limit-modules', '--source', '--enable-native-access',
  // jsvc
  '-user', '-home', '-pidfile', '-outfile', '-errfile', '-procname', '-java-home', '-cwd', '-wait', '-umask',
]);

export function mainClassOf(argv: readonly string[]): string {
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-jar' || arg === '-m' || arg === '--module') return argv[i + 1] ?? '?';
    if (arg.startsWith('--module=')) return arg.slice('--module='.length);
    if (TAKES_VALUE.has(arg)) {
      i++;
      continue;
    }
    if (arg !== '' && !arg.startsWith('-') && !arg.startsWith('@')) return arg;
  }
  return '?';
}
