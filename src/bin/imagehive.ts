#!/usr/bin/env node
import '../env-defaults.js';
import 'reflect-metadata';
import { type CliArgs, parse, USAGE } from '../cli/args.js';
import { exportCommand } from '../cli/export.command.js';
import { importCommand } from '../cli/import.command.js';
import { userCommand } from '../cli/user.command.js';

const commands: Record<string, (args: CliArgs) => Promise<unknown>> = { export: exportCommand, import: importCommand, user: userCommand };

const args = parse();
const command = commands[args.positionals[0] ?? ''];
if (args.values.help || !command) {
  console.log(USAGE);
  process.exitCode = args.values.help ? 0 : 2;
} else {
  const json = args.values.json;
  try {
    const result = await command(args);
    console.log(json ? JSON.stringify(result) : result);
  } catch (error) {
    console.error(json ? JSON.stringify({ error: (error as Error).message }) : (error as Error).message);
    process.exitCode = 1;
  }
}
