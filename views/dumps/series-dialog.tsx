import { Box, Text } from 'ink';
import { useRef, useState } from 'react';
import { truncate } from '../../src/format/text.js';
import { useCommand, useModal, useTextCapture } from '../keys/use-command.js';
import { style } from '../theme.js';
import type { JvmRef } from './capture-entries.js';

export interface SeriesDialogProps {
  jvm: JvmRef;
  initial: { count: number; every: number };
  width: number;
  onStart(count: number, every: number): void;
  onCancel(): void;
}

const FIELDS = [
  { key: 'count', label: 'dumps', min: 1, max: 100 },
  { key: 'every', label: 'seconds apart', min: 0, max: 3600 },
] as const;

/** Why the values cannot start a series, or null. */
export function seriesProblem(count: number, every: number): string | null {
  for (const [field, value] of [
    [FIELDS[0], count],
    [FIELDS[1], every],
  ] as const) {
    if (!Number.isInteger(value) || value < field.min || value > field.max) return `${field.label}: a whole number from ${field.min} to ${field.max}`;
  }
  return null;
}

/**
 * How many thread dumps and how far apart, before a series starts (3 × 10 s by default: enough
 * for stuck and hot threads to show). Digits edit the chosen field, ↑↓ choose, Enter starts.
 */
export function SeriesDialog({ jvm, initial, width, onStart, onCancel }: SeriesDialogProps) {
  useModal('dumps-series');
  const values = useRef({ count: String(initial.count), every: String(initial.every) });
  const [field, setField] = useState(0);
  const [, redraw] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  const fieldRef = useRef(0);
  fieldRef.current = field;
  const edit = (change: (text: string) => string) => {
    const key = FIELDS[fieldRef.current]!.key;
    values.current = { ...values.current, [key]: change(values.current[key]).slice(0, 4) };
    setProblem(null);
    redraw((n) => n + 1);
  };
  useTextCapture('dumps-series', { onText: (text) => edit((t) => t + text.replace(/\D/g, '')), onBackspace: () => edit((t) => t.slice(0, -1)) });
  // The ref first: digits typed right after ↓ (one read) go to the field it chose.
  const choose = (index: number) => {
    fieldRef.current = index;
    setField(index);
  };
  useCommand('modal.down', () => choose(1));
  useCommand('modal.up', () => choose(0));
  useCommand('modal.close', onCancel);
  useCommand('modal.accept', () => {
    const count = Number(values.current.count);
    const every = Number(values.current.every);
    const wrong = values.current.count === '' || values.current.every === '' ? 'both fields need a number' : seriesProblem(count, every);
    if (wrong) setProblem(wrong);
    else onStart(count, every);
  });
  const total = Number(values.current.count) > 1 ? ` (about ${Math.max(0, (Number(values.current.count) - 1) * Number(values.current.every))} s in all)` : '';
  return (
    <Box flexDirection="column">
      <Text>{style.bold(truncate(`Thread dumps of JVM ${jvm.pid} (${jvm.mainClass}) on ${jvm.host}`, width))}</Text>
      {FIELDS.map((f, i) => (
        <Text key={f.key}>
          {i === field ? style.key('› ') : '  '}
          {`${f.label.padEnd(14)} `}
          {i === field ? style.selected(` ${values.current[f.key]} `) : ` ${values.current[f.key]} `}
        </Text>
      ))}
      <Text dimColor>{truncate(`jcmd ${jvm.pid} Thread.print -l, saved as ${jvm.host}-${jvm.pid}-TIME.txt${total}`, width)}</Text>
      <Text>{style.warn(truncate('Digits edit, ↑↓ choose the field, Enter starts, Esc cancels.', width))}</Text>
      {problem && <Text>{style.bad(truncate(problem, width))}</Text>}
    </Box>
  );
}
