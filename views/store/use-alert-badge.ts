/**
 * The header's ALERTS badge, on every pane: the alerts firing now as the recorder last stored
 * them in history (read every few seconds from the store the inventory names). Nothing without
 * a store or a recorder; a store that cannot be read leaves the badge off, it never breaks the UI.
 */
import { useEffect, useState } from 'react';
import type { HistoryReader } from '../../src/history/history-reader.js';

const EVERY_MS = 5000;

export function useAlertBadge(historyDir: string | undefined): string | undefined {
  const [badge, setBadge] = useState<string | undefined>(undefined);
  useEffect(() => {
    if (historyDir === undefined) return;
    let reader: HistoryReader | null = null;
    let stopped = false;
    const read = async () => {
      try {
        const [{ HistoryReader }, { firingBadge, storedAlerts }] = await Promise.all([import('../../src/history/history-reader.js'), import('../../src/alerts/alerts-from-history.js')]);
        reader ??= await HistoryReader.open(historyDir);
        if (!stopped) setBadge(firingBadge(storedAlerts(reader, { now: Date.now(), windowMs: 3600_000 })));
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
