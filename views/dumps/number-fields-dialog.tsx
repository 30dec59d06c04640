import { Box, Text } from 'ink';
import { useRef, useState } from 'react';
import { truncate } from '../../src/format/text.js';
import { useCommand, useModal, useTextCapture } from '../keys/use-command.js';
import { style } from '../theme.js';

export interface NumberField {
  key: string;
  label: string;
  min: number;
  max: number;
}

/** Why the values do not fit the fields, or null. */
export function fieldsProblem(fields: readonly NumberField[], values: Readonly<Record<string, number>>): string | null {
  for (const field of fields) {
    const value = values[field.key]!;
    if (!Number.isInteger(value) || value < field.min || value > field.max) return `${field.label}: a whole number from ${field.min} to ${field.max}`;
  }
  return null;
}

export interface NumberFieldsDialogProps {
  /** The dialog's id in the key router. */
  modal: string;
  title: string;
  fields: readonly NumberField[];
  initial: Readonly<Record<string, number>>;
  width: number;
  /** The line under the fields, from the values typed so far (what will run). */
  hint: (values: Readonly<Record<string, number>>) => string;
  onStart(values: Record<string, number>): void;
  onCancel(): void;
}

/**
 * A small dialog of whole numbers before a capture starts (a thread-dump series, a profile's
 * length). Digits edit the chosen field, ↑↓ choose, Enter starts, Esc cancels.
 */
export function NumberFieldsDialog({ modal, title, fields, initial, width, hint, onStart, onCancel }: NumberFieldsDialogProps) {
  useModal(modal);
  const values = useRef<Record<string, string>>(Object.fromEntries(fields.map((f) => [f.key, String(initial[f.key] ?? f.min)])));
  const [field, setField] = useState(0);
  const [, redraw] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  const fieldRef = useRef(0);
  fieldRef.current = field;
  const edit = (change: (text: string) => string) => {
    const key = fields[fieldRef.current]!.key;
    values.current = { ...values.current, [key]: change(values.current[key] ?? '').slice(0, 4) };
    setProblem(null);
    redraw((n) => n + 1);
  };
  useTextCapture(modal, { onText: (text) => edit((t) => t + text.replace(/\D/g, '')), onBackspace: () => edit((t) => t.slice(0, -1)) });
  // The ref first: digits typed right after ↓ (one read) go to the field it chose.
  const choose = (index: number) => {
    fieldRef.current = index;
    setField(index);
  };
  useCommand('modal.down', () => choose(Math.min(fields.length - 1, fieldRef.current + 1)));
  useCommand('modal.up', () => choose(Math.max(0, fieldRef.current - 1)));
  useCommand('modal.close', onCancel);
  const numbers = () => Object.fromEntries(fields.map((f) => [f.key, Number(values.current[f.key])]));
  useCommand('modal.accept', () => {
    const empty = fields.some((f) => values.current[f.key] === '');
    const wrong = empty ? (fields.length > 1 ? 'both fields need a number' : 'the field needs a number') : fieldsProblem(fields, numbers());
    if (wrong) setProblem(wrong);
    else onStart(numbers());
  });
  return (
    <Box flexDirection="column">
      <Text>{style.bold(truncate(title, width))}</Text>
      {fields.map((f, i) => (
        <Text key={f.key}>
          {i === field ? style.key('› ') : '  '}
          {`${f.label.padEnd(14)} `}
          {i === field ? style.selected(` ${values.current[f.key]} `) : ` ${values.current[f.key]} `}
        </Text>
      ))}
      <Text dimColor>{truncate(hint(numbers()), width)}</Text>
      <Text>{style.warn(truncate(`Digits edit${fields.length > 1 ? ', ↑↓ choose the field' : ''}, Enter starts, Esc cancels.`, width))}</Text>
      {problem && <Text>{style.bad(truncate(problem, width))}</Text>}
    </Box>
  );
}
