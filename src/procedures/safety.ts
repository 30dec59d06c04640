/**
 * Whether an action may run at all: `--read-only` (the flag) or `readOnly: true` (the
 * inventory) refuse every action; the inventory's `actions` list allows only the kinds it
 * names. Checked before any plan is shown as runnable and before anything connects.
 */
import type { ActionKind, Inventory } from '../config/inventory-schema.js';

export class ActionRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ActionRefusedError';
  }
}

export interface SafetyFlags {
  readOnly?: boolean | undefined;
  /** Where the inventory came from, to name it in the message. */
  configPath?: string | undefined;
}

/** Why the action is refused, or undefined when it may run. */
export function actionRefusal(inventory: Pick<Inventory, 'readOnly' | 'actions'>, kind: ActionKind, flags: SafetyFlags = {}): string | undefined {
  const where = flags.configPath ?? 'the inventory';
  if (flags.readOnly) return `${kind} refused: perfmon runs with --read-only, which allows no action`;
  if (inventory.readOnly) return `${kind} refused: ${where} sets readOnly: true, which allows no action`;
  if (!inventory.actions.includes(kind)) {
    const allowed = inventory.actions.length > 0 ? inventory.actions.join(', ') : 'none';
    return `${kind} refused: it is not in the actions allowed by ${where} (actions: ${allowed})`;
  }
  return undefined;
}

export function assertActionAllowed(inventory: Pick<Inventory, 'readOnly' | 'actions'>, kind: ActionKind, flags: SafetyFlags = {}): void {
  const refusal = actionRefusal(inventory, kind, flags);
  if (refusal !== undefined) throw new ActionRefusedError(refusal);
}
