/**
 * What perfmon knows of the platform beyond each host's own figures: application metrics,
 * queues, databases, SLOs, JVMs, component health. Each field is filled by its watcher (see
 * src/fleet/) through MetricStore.setPlatform and read by its pane through a selector; a field
 * is absent until its first reading, or when the inventory declares nothing for it.
 *
 * Add a field here (optional, read-only data) when a new kind of reading joins the store.
 */
export interface PlatformState {
  /** Set while a watcher runs, so a pane can tell "nothing configured" from "not read yet". */
  readonly watching?: readonly string[];
}
