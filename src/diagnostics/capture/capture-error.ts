/**
 * Every failure of a capture (thread dump, heap dump, class histogram) is a CaptureError: a
 * kind to branch on and one message naming the host, the pid and what to do about it.
 */
import type { JdkToolErrorKind } from '../../collect/jvm/jdk-tool-errors.js';

export type CaptureErrorKind =
  | JdkToolErrorKind
  /** The tool ran but printed something that is not what was asked for. */
  | 'invalid-output'
  /** Not enough free space for a heap dump (remote or local); the message has the numbers. */
  | 'disk-space'
  /** The operator said no at the confirmation. */
  | 'cancelled'
  /** The connection or the transfer broke off; what is kept to resume is named. */
  | 'interrupted'
  /** The fetched file does not match the remote one (size or SHA-256). */
  | 'verification'
  /** A remote step other than the JDK tool failed (df, sha256sum, a missing dump directory). */
  | 'remote';

export class CaptureError extends Error {
  override readonly name = 'CaptureError';

  constructor(
    readonly kind: CaptureErrorKind,
    readonly host: string,
    message: string,
    /** Files already saved by a series that stopped part-way. */
    readonly files: readonly string[] = [],
  ) {
    super(message);
  }
}
