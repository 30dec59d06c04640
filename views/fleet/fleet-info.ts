/** What the fleet pane knows of each host besides its readings: from the inventory, fixed while perfmon runs. */
export interface FleetHostInfo {
  name: string;
  labels: Readonly<Record<string, string>>;
  components: readonly { name: string; role: string }[];
}

export interface FleetInfo {
  hosts: readonly FleetHostInfo[];
  /** Label keys present on any host, for grouping by label. */
  labelKeys: readonly string[];
}

export function fleetInfo(hosts: readonly FleetHostInfo[]): FleetInfo {
  const keys = new Set<string>();
  for (const h of hosts) for (const key of Object.keys(h.labels)) keys.add(key);
  return { hosts, labelKeys: [...keys].sort() };
}
