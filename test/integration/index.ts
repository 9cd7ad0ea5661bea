// Entry of the in-host integration suite: VS Code loads this file in the extension host (the
// `extensionTestsPath` dev option) and awaits run(); a rejection makes the test run exit non-zero.
//
// Test files are test/integration/*.test.ts, run in file-name order in one extension host, so
// each file sets up what it needs (e.g. helpers.useFakeKey) instead of relying on another file.
// They import describe/it from 'mocha' (the bundled Mocha's exports delegate to the suite being
// loaded) and share helpers from ./helpers. KATA_IT_GREP=<regex> runs a subset.
// Some facts only show after a window reload, so the suite runs in two phases in the same
// browser profile / user-data dir: 'first' runs every test whose title lacks "@reload"; then
// the window reloads and 'reload' runs only the "@reload" tests. See helpers.phase().
import Mocha from 'mocha';
import { suites } from 'kata:integration-suites';
import { phase } from './helpers';

export async function run(): Promise<void> {
  const current = phase();
  const mocha = new Mocha({ ui: 'bdd', color: false, reporter: 'spec', timeout: 120000 });
  mocha.grep(process.env.KATA_IT_GREP ? new RegExp(process.env.KATA_IT_GREP) : /@reload/);
  if (!process.env.KATA_IT_GREP && current !== 'reload') mocha.invert();
  for (const s of suites) {
    mocha.suite.emit('pre-require', globalThis, s.file, mocha);
    await s.load();
    mocha.suite.emit('post-require', globalThis, s.file, mocha);
  }
  console.log(`[in-host] phase ${current}: ${suites.length} files`);
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  // A plain closing line the outer runner parses.
  console.log(`[in-host] done: ${failures} failed`);
  if (failures > 0) throw new Error(`${failures} in-host test(s) failed`);
}
