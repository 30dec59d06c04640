import type { JvmRef } from './capture-entries.js';
import { fieldsProblem, NumberFieldsDialog, type NumberField } from './number-fields-dialog.js';

export interface SeriesDialogProps {
  jvm: JvmRef;
  initial: { count: number; every: number };
  width: number;
  onStart(count: number, every: number): void;
  onCancel(): void;
}

const FIELDS: readonly NumberField[] = [
  { key: 'count', label: 'dumps', min: 1, max: 100 },
  { key: 'every', label: 'seconds apart', min: 0, max: 3600 },
];

/** Why the values cannot start a series, or null. */
export function seriesProblem(count: number, every: number): string | null {
  return fieldsProblem(FIELDS, { count, every });
}

/**
 * How many thread dumps and how far apart, before a series starts (3 × 10 s by default: enough
 * for stuck and hot threads to show).
 */
export function SeriesDialog({ jvm, initial, width, onStart, onCancel }: SeriesDialogProps) {
  return (
    <NumberFieldsDialog
      modal="dumps-series"
      title={`Thread dumps of JVM ${jvm.pid} (${jvm.mainClass}) on ${jvm.host}`}
      fields={FIELDS}
      initial={initial}
      width={width}
      hint={({ count, every }) => {
        const total = count! > 1 ? ` (about ${Math.max(0, (count! - 1) * every!)} s in all)` : '';
        return `jcmd ${jvm.pid} Thread.print -l, saved as ${jvm.host}-${jvm.pid}-TIME.txt${total}`;
      }}
      onStart={(v) => onStart(v['count']!, v['every']!)}
      onCancel={onCancel}
    />
  );
}

const PROFILE_FIELDS: readonly NumberField[] = [{ key: 'seconds', label: 'seconds', min: 1, max: 3600 }];

/** How long a JFR profile records (30 s by default), before it starts. */
export function ProfileDialog({ jvm, initial, width, onStart, onCancel }: { jvm: JvmRef; initial: number; width: number; onStart(seconds: number): void; onCancel(): void }) {
  return (
    <NumberFieldsDialog
      modal="dumps-profile"
      title={`JFR profile of JVM ${jvm.pid} (${jvm.mainClass}) on ${jvm.host}`}
      fields={PROFILE_FIELDS}
      initial={{ seconds: initial }}
      width={width}
      hint={({ seconds }) => `jcmd ${jvm.pid} JFR.start settings=profile duration=${seconds}s; fetched and analysed here (a few % of CPU while it records)`}
      onStart={(v) => onStart(v['seconds']!)}
      onCancel={onCancel}
    />
  );
}
