/**
 * The `suitrate` command line. Each capability registers its subcommands from its own file in
 * ./commands; global flags (--db, --config, --lang, --json, --csv, --quiet) are inherited by all.
 */
import { Command, CommanderError } from 'commander';
import { isAppError } from '../domain/errors.js';
import { describeSystemError, isSystemError } from './system-error.js';
import { registerInfo } from './commands/info.js';
import { registerImport } from './commands/import.js';
import { registerPricing } from './commands/apr.js';
import { registerServe } from './commands/serve.js';
import { registerGenerate } from './commands/generate.js';
import { registerDemo } from './commands/demo.js';
import { registerCase } from './commands/case.js';
import { registerMetrics } from './commands/metrics.js';
import { registerModel } from './commands/model.js';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('suitrate')
    .description('Measure and lower the lawsuit rate (起诉率) of consumer lenders')
    .version('0.1.0')
    .option('--db <path>', 'workspace DuckDB file (default ./suitrate.duckdb; env SUITRATE_DB)')
    .option('--config <path>', 'config file (default ./suitrate.config.json if present)')
    .option('--lang <lang>', 'message language: zh or en')
    .option('--json', 'print JSON (the default when stdout is not a terminal)')
    .option('--csv', 'print CSV')
    .option('-q, --quiet', 'no progress or notes on stderr')
    .showHelpAfterError()
    .exitOverride();
  registerInfo(program);
  registerImport(program);
  registerPricing(program);
  registerServe(program);
  registerGenerate(program);
  registerDemo(program);
  registerCase(program);
  registerMetrics(program);
  registerModel(program);
  return program;
}

/** Run the CLI; returns the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    if (isAppError(err)) {
      const lang = process.env['SUITRATE_LANG'] === 'en' || argv.includes('en') ? 'en' : 'zh';
      process.stderr.write(`suitrate: ${err.messageIn(lang)} [${err.code}]\n`);
      if (lang === 'zh') process.stderr.write(`  (${err.en})\n`);
      return err.exitCode;
    }
    if (isSystemError(err)) {
      const lang = process.env['SUITRATE_LANG'] === 'en' || argv.includes('en') ? 'en' : 'zh';
      process.stderr.write(`suitrate: ${describeSystemError(err, lang)}\n`);
      if (lang === 'zh') process.stderr.write(`  (${describeSystemError(err, 'en')})\n`);
      return 1;
    }
    throw err;
  }
}
