/**
 * Child process for the crash tests: runs `import <kind> <file>` exactly as the CLI does (same
 * command registration, same Ctrl-C handling), on the workspace given by --db.
 *   node --import tsx src/ingest/crash-child.ts --db <path> import <kind> <file>
 */
import { Command } from 'commander';
import { isAppError } from '../domain/errors.js';
import { registerImport } from '../cli/commands/import.js';

const program = new Command().name('suitrate').option('--db <path>').option('--json').option('--csv').option('-q, --quiet').option('--lang <lang>').option('--config <path>').exitOverride();
registerImport(program);
try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (isAppError(err)) {
    process.stderr.write(`suitrate: ${err.zh} / ${err.en} [${err.code}]\n`);
    process.exit(err.exitCode);
  }
  throw err;
}
