/**
 * The Logs side of a session: follows one component's log at a time on its hosts, over the
 * fleet's own connections (src/logs/follow-logs.ts), and keeps the last lines for the pane. It
 * goes on while the operator looks at other panes and stops when the session closes.
 */
import type { Component, LogSource } from '../../src/config/component-schema.js';
import type { Inventory } from '../../src/config/inventory-schema.js';
import { componentHosts } from '../../src/config/inventory-queries.js';
import { followLogs, type LogFollow, type LogLine } from '../../src/logs/follow-logs.js';
import { describeLogSource, logCommand } from '../../src/logs/log-command.js';
import type { SshConnection } from '../../src/ssh/connection.js';
import { Observable } from '../emergency/observable.js';

/** Lines kept for the pane (the oldest go first). */
export const KEPT_LINES = 5000;
/** Lines of the past each host prints first. */
const BACKLOG_LINES = 50;
/** The pane is told of new lines at most this often (a chatty log does not redraw per line). */
const NOTIFY_MS = 100;

export interface LogSourceInfo {
  component: string;
  source: LogSource;
  /** `journal of engine.service`, or the file's path. */
  what: string;
  hosts: string[];
}

export interface LogsState {
  sources: readonly LogSourceInfo[];
  /** The component followed, or null before the pane first opens. */
  component: string | null;
  /** Lines received since the component was chosen (more than are kept, on a chatty log). */
  received: number;
  /** Hosts whose reader ended, with why (down, no such file, …). */
  ended: Readonly<Record<string, string>>;
}

export class LogsDesk extends Observable<LogsState> {
  private follow: LogFollow | null = null;
  private buffer: LogLine[] = [];
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private received = 0;

  constructor(
    sources: readonly LogSourceInfo[],
    private readonly connection: (host: string) => Promise<SshConnection>,
  ) {
    super({ sources, component: null, received: 0, ended: {} });
  }

  /** The lines kept, oldest first (the array is the desk's: read, do not change). */
  lines(): readonly LogLine[] {
    return this.buffer;
  }

  /** Follows a component's log (stopping the one followed before); again the same one: reconnects. */
  show(component: string): void {
    const info = this.getSnapshot().sources.find((s) => s.component === component);
    if (info === undefined || this.closed) return;
    this.follow?.stop();
    this.buffer = [];
    this.received = 0;
    this.update({ component, received: 0, ended: {} });
    const command = logCommand(info.source, { lines: BACKLOG_LINES, follow: true });
    const follow = followLogs({
      hosts: info.hosts,
      connection: this.connection,
      command: () => command,
      onLine: (line) => {
        if (this.follow !== follow) return;
        this.buffer.push(line);
        if (this.buffer.length > KEPT_LINES * 1.2) this.buffer = this.buffer.slice(-KEPT_LINES);
        this.received += 1;
        this.schedule();
      },
      onEnd: (end) => {
        if (this.follow !== follow || end.reason === undefined) return;
        this.update((s) => ({ ended: { ...s.ended, [end.host]: end.reason! } }));
      },
    });
    this.follow = follow;
  }

  private schedule(): void {
    if (this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.update({ received: this.received });
    }, NOTIFY_MS);
  }

  close(): void {
    this.closed = true;
    this.follow?.stop();
    this.follow = null;
    if (this.timer !== null) clearTimeout(this.timer);
  }
}

/** The components that say where their logs are, with their hosts. */
export function logSources(inventory: Inventory): LogSourceInfo[] {
  return inventory.components.flatMap((c: Component) =>
    c.logs === undefined ? [] : [{ component: c.name, source: c.logs, what: describeLogSource(c.logs), hosts: componentHosts(inventory, c).map((h) => h.name) }],
  );
}
