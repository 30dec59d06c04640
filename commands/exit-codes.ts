/** Exit codes shared by every command, documented in the README. */
export const EXIT_OK = 0;
/** A check failed (invalid config, unparseable dump, a procedure stopped on a failure). */
export const EXIT_FAILURE = 1;
/** Bad flags or usage, or (for the TUI) stdout is not a terminal. */
export const EXIT_USAGE = 2;
/** Some hosts are down (snapshot). */
export const EXIT_HOSTS_DOWN = 3;
