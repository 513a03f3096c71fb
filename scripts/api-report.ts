/**
 * The public API report (api-extractor): one report per package entry (core, nestjs,
 * opentelemetry, opentelemetry-sdk, prometheus, mapper, web) under api/. `npm run api` checks that the checked-in reports match
 * the built declarations and fails naming what changed; `npm run api -- --update` rewrites them.
 * Also fails on any api-extractor warning (e.g. a type reachable from the API but not exported).
 * Run `npm run build` first (the package spec and `npm run api` do).
 */
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { Extractor, ExtractorConfig, ExtractorLogLevel, type ExtractorMessage } from '@microsoft/api-extractor';

export const API_ENTRIES = ['core', 'nestjs', 'opentelemetry', 'opentelemetry-sdk', 'prometheus', 'mapper', 'web'] as const;

export interface ApiReportResult {
  readonly entry: string;
  /** The checked-in report differs from the built API. */
  readonly changed: boolean;
  readonly problems: readonly string[];
}

/** Names the core entry exports, read from its report (integrations may use them unexported). */
function coreNames(root: string): Set<string> {
  const report = readFileSync(join(root, 'api', 'cassandra-rx.api.md'), 'utf8');
  const names = new Set<string>();
  for (const m of report.matchAll(/^export (?:declare )?(?:abstract )?(?:class|interface|type|function|const|enum|namespace) (\w+)/gm)) names.add(m[1] as string);
  return names;
}

export function checkApi(update: boolean, root = join(__dirname, '..')): ApiReportResult[] {
  let core: Set<string> | null = null;
  return API_ENTRIES.map((entry) => {
    if (entry !== 'core') core ??= coreNames(root);
    const config = ExtractorConfig.loadFileAndPrepare(join(root, 'api', `${entry}.json`));
    const problems: string[] = [];
    const result = Extractor.invoke(config, {
      localBuild: update,
      showVerboseMessages: false,
      messageCallback: (m: ExtractorMessage) => {
        // An integration's signature naming a core type: that type is public through the core entry.
        const symbol = /The symbol "(\w+)"/.exec(m.text)?.[1];
        const fromCore = m.messageId === 'ae-forgotten-export' && symbol !== undefined && core?.has(symbol) === true;
        if (fromCore) m.logLevel = ExtractorLogLevel.None;
        if ((m.logLevel === 'warning' || m.logLevel === 'error') && !m.messageId.startsWith('console-api-report-')) problems.push(`${m.messageId}: ${m.text}${m.sourceFilePath ? ` (${m.sourceFilePath.replace(root, '.')}:${m.sourceFileLine ?? 0})` : ''}`);
        m.handled = true;
      },
    });
    return { entry, changed: result.apiReportChanged && !update, problems };
  });
}

if (require.main === module) {
  const update = process.argv.includes('--update');
  const results = checkApi(update);
  let failed = false;
  for (const r of results) {
    for (const p of r.problems) console.error(`${r.entry}: ${p}`);
    if (r.changed) console.error(`${r.entry}: the public API changed; review it and run \`npm run api -- --update\` to accept (api/${r.entry === 'core' ? 'cassandra-rx' : `cassandra-rx-${r.entry}`}.api.md)`);
    failed ||= r.changed || r.problems.length > 0;
  }
  console.log(failed ? 'API report: FAILED' : `API report: ${update ? 'updated' : 'unchanged'} (${results.length} entries)`);
  process.exit(failed ? 1 : 0);
}
