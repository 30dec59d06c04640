import type { CommandModule } from 'yargs';
import { runProcedure } from './restart.js';

interface LogsCommandArgs {
  component: string;
  host?: string;
  since?: string;
  lines: number;
  follow: boolean;
  json: boolean;
  config?: string;
  'accept-new': boolean;
}

/** `perfmon logs COMPONENT`: the component's log on its hosts, interleaved, followed. */
const logs: CommandModule<object, LogsCommandArgs> = {
  command: 'logs <component>',
  describe: "Follow a component's log on its hosts (the inventory's logs: unit or file), each line with its host; Ctrl-C stops",
  builder: (y) =>
    y
      .positional('component', { type: 'string', demandOption: true, describe: 'Component of the inventory' })
      .option('host', { type: 'string', describe: 'Only this host of the component' })
      .option('since', { type: 'string', describe: 'From then on: 10m, 2h (back from now), 03:12, or an ISO 8601 time' })
      .option('lines', { alias: 'n', type: 'number', default: 20, describe: 'Lines of the past to print first, per host (without --since)' })
      .option('follow', { type: 'boolean', default: true, describe: 'Keep following (--no-follow: print and exit)' })
      .option('json', { type: 'boolean', default: false, describe: 'One JSON object a line: {"host","line","stderr","time"}' })
      .option('config', { alias: 'c', type: 'string', describe: 'Inventory file (default $XDG_CONFIG_HOME/perfmon/perfmon.yaml)' })
      .option('accept-new', { type: 'boolean', default: false, describe: 'Record unknown host keys in known_hosts (changed keys are always refused)' }) as never,
  handler: (args) =>
    runProcedure(async () => (await import('../src/logs/logs-command.js')).runLogsCommand, {
      component: args.component,
      host: args.host,
      since: args.since,
      lines: args.lines,
      follow: args.follow,
      json: args.json,
      config: args.config,
      acceptNew: args['accept-new'],
    }),
};

export default logs;
