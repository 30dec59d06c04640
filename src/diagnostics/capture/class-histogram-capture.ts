/**
 * `jcmd PID GC.class_histogram` over SSH, saved as HOST-PID-TIMESTAMP.histogram.txt: the
 * classes holding the most heap. Two captures some minutes apart, diffed (class-histogram.ts
 * diffClassHistograms), name the class a leak accumulates — the runbook's memory-leak step.
 * Without `all`, the JVM runs a full GC first (live objects only), like a --live heap dump,
 * so it is audited as a dump-heap action.
 */
import type { JvmToolSettings } from '../../collect/jvm/jvm-tools.js';
import type { SshConnection } from '../../ssh/connection.js';
import { parseClassHistogram, type ClassHistogram } from '../class-histogram.js';
import type { CaptureAudit } from './capture-audit.js';
import { freshCapturePath } from './dump-files.js';
import { resolveJvmTarget, toolCommand, type JvmTarget } from './jvm-target.js';
import { auditedToolText } from './text-capture.js';

export interface ClassHistogramCaptureOptions extends JvmToolSettings {
  host: string;
  pid: number;
  outDir: string;
  /** Count unreachable objects too (no full GC first); default false. */
  all?: boolean;
  /** Default 120 s: a big heap takes a while to walk. */
  timeoutMs?: number;
  signal?: AbortSignal;
  audit?: CaptureAudit;
}

export type ClassHistogramProgress =
  | { type: 'target'; target: JvmTarget }
  | { type: 'capturing' }
  | { type: 'receiving'; bytes: number }
  | { type: 'saved'; file: string; bytes: number };

export interface ClassHistogramCapture {
  file: string;
  histogram: ClassHistogram;
  target: JvmTarget;
}

function parses(text: string): boolean {
  try {
    parseClassHistogram(text);
    return true;
  } catch {
    return false;
  }
}

export async function captureClassHistogram(
  connection: SshConnection,
  options: ClassHistogramCaptureOptions,
  onProgress: (event: ClassHistogramProgress) => void = () => undefined,
): Promise<ClassHistogramCapture> {
  const { host } = options;
  const target = await resolveJvmTarget(connection, host, options.pid, options);
  onProgress({ type: 'target', target });
  const command = toolCommand(target, 'jcmd', [String(target.pid), 'GC.class_histogram', ...(options.all ? ['-all'] : [])]);
  const file = await freshCapturePath(options.outDir, host, target.pid, new Date(), 'histogram.txt');
  onProgress({ type: 'capturing' });
  const saved = await auditedToolText(connection, target, command, 'dump-heap', options.audit, {
    file,
    timeoutMs: options.timeoutMs ?? 120_000,
    signal: options.signal,
    tool: 'jcmd',
    expected: 'a class histogram',
    looksRight: parses,
    onBytes: (bytes) => onProgress({ type: 'receiving', bytes }),
  });
  onProgress({ type: 'saved', file: saved.file, bytes: saved.bytes });
  return { file: saved.file, histogram: parseClassHistogram(saved.text), target };
}
