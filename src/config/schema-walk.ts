/**
 * Finds, for a path in the data, which keys the schema allows there — so that an unknown key can
 * be answered with "did you mean …". Walks zod's public classes only.
 */
import { z } from 'zod';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Looks through wrappers that do not change the shape: optional, default, transform pipes …
function unwrap(schema: z.ZodType): z.ZodType {
  let current: z.ZodType = schema;
  for (let guard = 0; guard < 20; guard++) {
    if (
      current instanceof z.ZodOptional ||
      current instanceof z.ZodNullable ||
      current instanceof z.ZodDefault ||
      current instanceof z.ZodPrefault ||
      current instanceof z.ZodReadonly ||
      current instanceof z.ZodCatch
    ) {
      current = current.unwrap() as z.ZodType;
    } else if (current instanceof z.ZodPipe) {
      current = current.in as z.ZodType;
    } else {
      return current;
    }
  }
  return current;
}

// The option of a union that describes `value`: by discriminator, else the object with most keys in common.
function pickOption(union: z.ZodUnion, value: unknown): z.ZodType | undefined {
  const options = (union.options as readonly z.ZodType[]).map(unwrap);
  const objects = options.filter((option): option is z.ZodObject => option instanceof z.ZodObject);
  if (Array.isArray(value)) return options.find((option) => option instanceof z.ZodArray);
  if (!isRecord(value)) return options[0];
  if (union instanceof z.ZodDiscriminatedUnion) {
    const key = union.def.discriminator;
    const match = objects.find((option) => {
      const literal = unwrap(option.shape[key] as z.ZodType);
      return literal instanceof z.ZodLiteral && literal.values.has(value[key] as never);
    });
    if (match) return match;
  }
  const keys = Object.keys(value);
  let best: z.ZodObject | undefined;
  let bestScore = -1;
  for (const option of objects) {
    const score = keys.filter((key) => key in option.shape).length;
    if (score > bestScore) [best, bestScore] = [option, score];
  }
  return best ?? options.find((option) => option instanceof z.ZodRecord);
}

function resolveAt(schema: z.ZodType, value: unknown): z.ZodType {
  let current = unwrap(schema);
  for (let guard = 0; guard < 5 && current instanceof z.ZodUnion; guard++) {
    const option = pickOption(current, value);
    if (!option) break;
    current = unwrap(option);
  }
  return current;
}

/** The keys allowed by the object schema at `path` (given the data there), or [] if unknown. */
export function allowedKeysAt(schema: z.ZodType, path: readonly PropertyKey[], data: unknown): string[] {
  let current = resolveAt(schema, data);
  let value = data;
  for (const segment of path) {
    value = isRecord(value) || Array.isArray(value) ? (value as Record<PropertyKey, unknown>)[segment] : undefined;
    let next: z.ZodType | undefined;
    if (current instanceof z.ZodObject) next = current.shape[String(segment)] as z.ZodType | undefined;
    else if (current instanceof z.ZodArray) next = current.element as z.ZodType;
    else if (current instanceof z.ZodRecord) next = current.valueType as z.ZodType;
    if (!next) return [];
    current = resolveAt(next, value);
  }
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}
