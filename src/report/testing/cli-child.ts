/**
 * The real CLI (`main` of src/cli/main.ts, what bin/suitrate.js runs from dist/) under tsx, for
 * tests that run suitrate as a separate process:
 *   node --import tsx src/report/testing/cli-child.ts --db <path> rate --json …
 */
import { main } from '../../cli/main.js';

process.exitCode = await main(process.argv);
