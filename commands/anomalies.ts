import type { CommandModule } from 'yargs';
import { EXIT_FAILURE, EXIT_OK } from './exit-codes.js';

interface AnomaliesArgs {
  file: string;
  json: boolean;
}

/**
 * `perfmon anomalies FILE.csv [--json]`: the offline twin of live anomaly scoring. Reads a
 * `timestamp,value` CSV (the Numenta Anomaly Benchmark's format) and runs the recorder's
 * detector, with the recorder's configuration, over it in time order. Exit 0 when scored
 * (anomalies or not), 1 when the file cannot be read (`file:line: reason` on stderr).
 */
const anomalies: CommandModule<object, AnomaliesArgs> = {
  command: 'anomalies <file>',
  describe: 'Score a timestamp,value CSV with the live anomaly detector and list the anomalies it flags',
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'A CSV with the header timestamp,value, rows in time order' })
      .option('json', { type: 'boolean', default: false, describe: 'Print {"file","points","anomalies":[{"timestamp","value","score"}]}' })
      .example('$0 anomalies cpu.csv', 'one line per flagged sample: timestamp, value, score')
      .example('$0 anomalies cpu.csv --json', 'the same as JSON') as never,
  handler: async (args) => {
    const { readSeriesAnomalies, formatAnomalies } = await import('../src/analysis/anomaly/anomalies-report.js');
    const { SeriesCsvError } = await import('../src/analysis/anomaly/series-csv.js');
    try {
      const report = await readSeriesAnomalies(args.file);
      process.stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : formatAnomalies(report));
      process.exitCode = EXIT_OK;
    } catch (error) {
      if (!(error instanceof SeriesCsvError)) throw error;
      process.stderr.write(`perfmon: ${error.message}\n`);
      process.exitCode = EXIT_FAILURE;
    }
  },
};

export default anomalies;
