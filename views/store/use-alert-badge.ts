/**
 * The header's ALERTS badge, on every pane: the alerts firing now as the recorder last stored
 * them in history (read every few seconds from the store the inventory names). Nothing without
 * a store or a recorder; a store that cannot be read leaves the badge off, it never breaks the UI.
 * A critical alert that starts firing is told once (`onNewCritical`): the footer says it, and the
 * terminal bell rings when the inventory asks for it. Those firing when perfmon starts are not news.
 */
import { useEffect, useRef, useState } from 'react';
import type { StoredAlert } from '../../src/alerts/alerts-from-history.js';
import type { HistoryReader } from '../../src/history/history-reader.js';

const EVERY_MS = 5000;

export function useAlertBadge(historyDir: string | undefined, onNewCritical?: (alerts: StoredAlert[]) => void): string | undefined {
  const [badge, setBadge] = useState<string | undefined>(undefined);
  const tell = useRef(onNewCritical);
  tell.current = onNewCritical;
  useEffect(() => {
    if (historyDir === undefined) return;
    let reader: HistoryReader | null = null;
    let stopped = false;
    let known: Set<string> | null = null;
    const read = async () => {
      try {
        const [{ HistoryReader }, { firingBadge, storedAlerts, newCriticals }] = await Promise.all([import('../../src/history/history-reader.js'), import('../../src/alerts/alerts-from-history.js')]);
        reader ??= await HistoryReader.open(historyDir);
        const alerts = storedAlerts(reader, { now: Date.now(), windowMs: 3600_000 });
        if (stopped) return;
        setBadge(firingBadge(alerts));
        const { fresh, firing } = newCriticals(alerts, known);
        known = firing;
        if (fresh.length > 0) tell.current?.(fresh);
      } catch {
        if (!stopped) setBadge(undefined); // no store yet, or one that cannot be read: no badge
      }
    };
    void read();
    const timer = setInterval(() => void read(), EVERY_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
      reader?.close();
    };
  }, [historyDir]);
  return badge;
}
