// Runs axe-core (npm) inside Debian's headless Chromium, driven by
// playwright-core (which downloads no browser), on the given pages, in the
// light and the dark colour scheme.
//
//   node scripts/verify/axe.mjs BASE_URL PATH...
//
// BASE_URL is where the site is served (e.g. http://127.0.0.1:8123/sub/dir/),
// each PATH is relative to it ("" or "." for the home page). Exit status 1 if
// any violation of impact "serious" or "critical" is found, 2 if a page
// could not be checked. Lesser violations are printed as notes.
// CHROMIUM overrides the browser (default /usr/bin/chromium).
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const axePath = require.resolve('axe-core/axe.min.js');
const axeVersion = require('axe-core/package.json').version;

const [base, ...paths] = process.argv.slice(2);
if (!base || paths.length === 0) {
  console.error('usage: node axe.mjs BASE_URL PATH...');
  process.exit(2);
}
const FAIL = new Set(['serious', 'critical']);
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const profile = mkdtempSync(join(tmpdir(), 'axe-chromium-'));

let failed = 0, broken = 0, notes = 0;
const context = await chromium.launchPersistentContext(profile, {
  executablePath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 900 },
});
try {
  const page = context.pages()[0] || await context.newPage();
  const jsErrors = [];
  page.on('pageerror', (e) => jsErrors.push(String(e)));
  for (const p of paths) {
    const url = new URL(p === '.' ? '' : p, base).href;
    for (const scheme of ['light', 'dark']) {
      jsErrors.length = 0;
      await page.emulateMedia({ colorScheme: scheme });
      let resp;
      try {
        resp = await page.goto(url, { waitUntil: 'load', timeout: 30000 });
      } catch (e) {
        console.log(`  BROKEN  ${url}: ${e.message.split('\n')[0]}`);
        broken++; break;
      }
      if (!resp || !resp.ok()) {
        console.log(`  BROKEN  ${url}: HTTP ${resp ? resp.status() : 'no response'}`);
        broken++; break;
      }
      await page.addScriptTag({ path: axePath });
      const results = await page.evaluate(async () =>
        // eslint-disable-next-line no-undef
        await axe.run(document, { resultTypes: ['violations'] }));
      const bad = results.violations.filter((v) => FAIL.has(v.impact));
      const minor = results.violations.filter((v) => !FAIL.has(v.impact));
      const label = `${url} [${scheme}]`;
      if (bad.length === 0) {
        console.log(`  ok      ${label}` + (minor.length ? `  (${minor.length} minor/moderate: ${minor.map((v) => v.id).join(', ')})` : ''));
      } else {
        console.log(`  FAIL    ${label}`);
        for (const v of bad) {
          console.log(`    [${v.impact}] ${v.id}: ${v.help}`);
          console.log(`      ${v.helpUrl.replace(/\?.*$/, '')}`);
          for (const n of v.nodes.slice(0, 8)) {
            console.log(`      at ${n.target.join(' ')}`);
            console.log(`         ${n.html.replace(/\s+/g, ' ').slice(0, 160)}`);
            const why = (n.failureSummary || '').split('\n').filter((l) => l.trim()).slice(1, 3);
            for (const w of why) console.log(`         - ${w.trim()}`);
          }
          if (v.nodes.length > 8) console.log(`      … and ${v.nodes.length - 8} more`);
        }
        failed += bad.length;
      }
      notes += minor.length;
      for (const e of jsErrors) console.log(`    note: JavaScript error on ${label}: ${e}`);
    }
  }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(`axe-core ${axeVersion}: ${paths.length} page(s) x 2 colour schemes, ` +
  `${failed} serious/critical violation(s), ${broken} page(s) not loaded, ${notes} minor/moderate`);
process.exit(broken ? 2 : failed ? 1 : 0);
