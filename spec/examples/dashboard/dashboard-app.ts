/**
 * Test support for the dashboard suite: builds the Angular application once with the Angular CLI
 * (its cache under examples/dashboard/.angular makes a rebuild quick), starts headless Chromium
 * from the system's `chromium` package through playwright-core (no browser download), and reads
 * the page the way its tests need.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';

export const DASHBOARD_ROOT = join(__dirname, '..', '..', '..', 'examples', 'dashboard');
export const DASHBOARD_DIST = join(DASHBOARD_ROOT, 'dist', 'dashboard', 'browser');
/** Screenshots and other artifacts of the suite (gitignored). */
export const ARTIFACTS = join(__dirname, '..', '..', '..', 'artifacts', 'dashboard');
/** Debian's chromium (CI installs the package); CHROMIUM_PATH overrides. */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** `ng build` of examples/dashboard; resolves with its duration in ms. */
export async function buildDashboard(): Promise<number> {
  const started = Date.now();
  const ng = join(DASHBOARD_ROOT, '..', '..', 'node_modules', '.bin', 'ng');
  await promisify(execFile)(ng, ['build'], { cwd: DASHBOARD_ROOT, env: { ...process.env, NG_CLI_ANALYTICS: 'false', CI: '1' }, maxBuffer: 16 * 1024 * 1024 });
  if (!existsSync(join(DASHBOARD_DIST, 'index.html'))) throw new Error(`ng build wrote no ${DASHBOARD_DIST}/index.html`);
  return Date.now() - started;
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: install Debian's chromium package (apt-get install chromium) or set CHROMIUM_PATH`);
  // --no-sandbox: CI runs as root, where Chromium's sandbox will not start.
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

/** The state each host tile shows, by endpoint. */
export async function tileStates(page: Page): Promise<Record<string, string>> {
  return page.$$eval('[data-endpoint]', (tiles) => Object.fromEntries(tiles.map((t) => [t.getAttribute('data-endpoint') ?? '', t.getAttribute('data-state') ?? ''])));
}

/** The samples each chart has drawn, by chart. */
export async function chartSamples(page: Page): Promise<Record<string, number>> {
  return page.$$eval('cx-line-chart', (charts) => Object.fromEntries(charts.map((c) => [c.getAttribute('data-chart') ?? '', Number(c.getAttribute('data-samples'))])));
}

/** Waits until the paged table shows page `index` (0-based) and returns its row ids. */
export async function tablePage(page: Page, index: number): Promise<string[]> {
  await page.waitForSelector(`[data-table="products"][data-loaded-page="${index}"]`, { timeout: 30_000 });
  return page.$$eval('[data-table="products"] tr[data-id]', (rows) => rows.map((r) => r.getAttribute('data-id') ?? ''));
}
