/**
 * The project's one quoting function: every value that reaches a remote shell goes
 * through it (usually via fillTemplate). POSIX single quotes make everything literal
 * except the single quote itself, which is closed, escaped and reopened: ' → '\''.
 */
export function shellQuote(value: string): string {
  // A shell command line is a C string: a NUL would silently truncate it.
  if (value.includes('\0')) throw new Error('shellQuote: the value contains a NUL byte, which no shell can receive');
  return `'${value.replaceAll("'", `'\\''`)}'`;
}
