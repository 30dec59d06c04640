/** Errors of the remote collector: what its output or its process did wrong, and where. */

const EXCERPT_CHARS = 80;

/** A line as it can be shown in an error: control characters escaped, long lines cut. */
export function excerptOf(text: string): string {
  const visible = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return visible.length > EXCERPT_CHARS ? `${visible.slice(0, EXCERPT_CHARS)}…` : visible;
}

export interface CollectorOutputErrorDetails {
  /** 1-based line: within the record for parse errors, within the stream for framing errors. */
  line?: number | undefined;
  /** The offending line (or bytes), escaped and cut for display. */
  excerpt?: string | undefined;
  /** Sequence number of the record concerned, when known. */
  seq?: number | undefined;
  /** Host (or other label) the output came from, when known. */
  host?: string | undefined;
}

/** Garbled, truncated or unexpected collector output. Never thrown for a host that is fine. */
export class CollectorOutputError extends Error {
  override readonly name = 'CollectorOutputError';
  readonly reason: string;
  readonly line: number | undefined;
  readonly excerpt: string | undefined;
  readonly seq: number | undefined;
  readonly host: string | undefined;

  constructor(reason: string, details: CollectorOutputErrorDetails = {}) {
    const where = [
      details.host,
      details.seq === undefined ? undefined : `record ${details.seq}`,
      details.line === undefined ? undefined : `line ${details.line}`,
    ].filter((part) => part !== undefined);
    const excerpt = details.excerpt === undefined ? '' : `: "${details.excerpt}"`;
    super(`collector output${where.length > 0 ? ` (${where.join(', ')})` : ''}: ${reason}${excerpt}`);
    this.reason = reason;
    this.line = details.line;
    this.excerpt = details.excerpt;
    this.seq = details.seq;
    this.host = details.host;
  }

  /** The same error, attributed to a host and/or record. */
  with(details: Pick<CollectorOutputErrorDetails, 'host' | 'seq'>): CollectorOutputError {
    return new CollectorOutputError(this.reason, {
      line: this.line,
      excerpt: this.excerpt,
      seq: details.seq ?? this.seq,
      host: details.host ?? this.host,
    });
  }
}

/** The collector process (or channel) ended, failed to start, or its streams failed. */
export class CollectorExitError extends Error {
  override readonly name = 'CollectorExitError';
  constructor(
    message: string,
    readonly code: number | null = null,
    readonly signal: string | null = null,
    /** The last lines the collector wrote on stderr, oldest first. */
    readonly stderr: readonly string[] = [],
  ) {
    super(stderr.length > 0 ? `${message}; stderr: ${stderr.slice(-3).join(' | ')}` : message);
  }
}

/** The collector did not answer in time: it is hung, or died leaving its shell waiting. */
export class CollectorTimeoutError extends Error {
  override readonly name = 'CollectorTimeoutError';
  constructor(
    message: string,
    readonly timeoutMs: number,
  ) {
    super(message);
  }
}
