/** A problem with the history store, always naming the path it concerns. */
export class HistoryStoreError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'HistoryStoreError';
  }

  /** A file-system error as a sentence an operator can act on. */
  static fromFs(error: unknown, path: string, doing: string): HistoryStoreError {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'EROFS' ? 'the file system is read-only'
      : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
      : code === 'ENOSPC' ? 'the disk is full'
      : code === 'ENOENT' ? 'it does not exist'
      : error instanceof Error ? error.message
      : String(error);
    return new HistoryStoreError(`cannot ${doing} at ${path}: ${why}`, path);
  }
}

/** The store already has a live writer (another recorder, or a TUI recording): one at a time. */
export class WriterLockHeldError extends HistoryStoreError {
  constructor(
    message: string,
    path: string,
    readonly holder: number,
  ) {
    super(message, path);
    this.name = 'WriterLockHeldError';
  }
}
