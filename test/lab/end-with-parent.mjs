/**
 * How a lab service ends: on SIGTERM/SIGINT, or when its parent's stdin closes (so a crashed
 * test leaves nothing behind). `shutdown` closes what it opened; the process then exits.
 */
export function endWithParent(shutdown) {
  const end = () => {
    shutdown();
    process.exit(0);
  };
  process.on('SIGTERM', end);
  process.on('SIGINT', end);
  process.stdin.on('end', end);
  process.stdin.on('close', end);
  process.stdin.resume();
}
