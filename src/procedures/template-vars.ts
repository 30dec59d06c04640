/**
 * The values a component's command and URL templates may use (the names are the config's
 * COMPONENT_PLACEHOLDERS / CONTROL_PLACEHOLDERS): who the host is and how perfmon logs in.
 */
import type { Component, DegradationControl } from '../config/inventory-schema.js';
import type { HostTarget } from './host-access.js';

export type TemplateVars = Record<string, string | number>;

export function componentVars(target: HostTarget, component: Pick<Component, 'name' | 'role'>): TemplateVars {
  return { host: target.name, address: target.address, port: target.port, user: target.user, component: component.name, role: component.role };
}

export function controlVars(target: HostTarget, component: Pick<Component, 'name' | 'role'>, control: Pick<DegradationControl, 'name' | 'value'>): TemplateVars {
  // {value} of a control that sets none is refused by the config checks; '' keeps the filler total.
  return { ...componentVars(target, component), control: control.name, value: control.value ?? '' };
}
