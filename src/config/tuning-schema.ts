/**
 * The inventory's own tuning profiles (`tuningProfiles:`), for `perfmon tune --profile NAME`:
 * each may extend a built-in one (low-latency, throughput) and sets rules by setting id, each
 * a bound (`min` or `max`) or a list of accepted values (`oneOf`), with the reason shown in
 * every finding.
 */
import { z } from 'zod';

const tuningRuleSchema = z
  .strictObject({
    min: z.number().optional().describe('the setting must be at least this'),
    max: z.number().optional().describe('the setting must be at most this'),
    oneOf: z.array(z.string().min(1)).min(1).optional().describe('the setting must be one of these values'),
    why: z.string().min(1).describe('the reason, shown with every finding'),
  })
  .refine((r) => [r.min, r.max, r.oneOf].filter((v) => v !== undefined).length === 1, { message: 'give exactly one of min, max or oneOf' })
  .describe('what a setting should be: min, max or oneOf, and why');

export const tuningProfileSchema = z
  .strictObject({
    extends: z.enum(['low-latency', 'throughput']).optional().describe('a built-in profile whose rules apply unless set here'),
    description: z.string().min(1).optional(),
    rules: z
      .record(z.string().min(1), tuningRuleSchema)
      .default({})
      .describe('by setting id: governor, thp, irqbalance, sysctl.NAME, disk.scheduler.ssd|hdd, disk.readahead, mount.atime, jvm.openFiles, jvm.nice, jvm.heapShare, jvm.collector, jvm.preTouch'),
  })
  .describe('a tuning profile for perfmon tune');

export type TuningProfileConfig = z.output<typeof tuningProfileSchema>;
