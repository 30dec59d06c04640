/** The Logs desk of a session (commands/monitor.ts): on the fleet's connections, closed with the session. */
import type { Session } from '../../src/runtime/session.js';
import { LogsDesk, logSources } from './logs-desk.js';

export function openLogs(session: Session): LogsDesk | null {
  const { inventory, access } = session;
  if (!inventory || !access) return null;
  const desk = new LogsDesk(logSources(inventory), (host) => access.connectionTo(host));
  session.own('logs desk', () => desk.close());
  return desk;
}
