import { useEffect, useMemo, useState } from 'react';
import type { AlertBoard } from '../../src/alerts/alert-board.js';
import { componentsOfHosts, type Incident } from '../../src/alerts/incidents.js';
import { useAppConfig } from '../app-context.js';
import { Lines } from '../components/lines.js';
import { incidentLines } from './incident-lines.js';

/** The last day's incidents up to the board's moment, re-read with the board; i or Esc goes back. */
export function IncidentsView({ board, store, width, height }: { board: AlertBoard; store: string; width: number; height: number }) {
  const config = useAppConfig();
  const [incidents, setIncidents] = useState<Incident[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const componentsOf = useMemo(() => componentsOfHosts(config.alerts?.maintenance.componentHosts ?? new Map()), [config.alerts]);
  useEffect(() => {
    let stopped = false;
    void import('../../src/alerts/incidents-command.js')
      .then(({ incidentsOfStore }) => incidentsOfStore(store, componentsOf, board.at - 86_400_000, board.at + 1))
      .then(
        (list) => !stopped && setIncidents(list),
        (e: unknown) => !stopped && setProblem((e as Error).message),
      );
    return () => void (stopped = true);
  }, [board, store, componentsOf]);
  return <Lines lines={incidentLines(incidents, problem, board.at, width, height)} />;
}
