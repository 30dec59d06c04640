#!/usr/bin/env node
// Entry point: hand argv to the command line as fast as possible. Nothing heavy is imported
// here; each command loads what it needs when it runs.
import { main } from '../dist/cli.js';

await main(process.argv.slice(2));
