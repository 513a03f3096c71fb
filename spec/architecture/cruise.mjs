/**
 * Runs dependency-cruiser through its JS API (`cruise`) with the repository's
 * .dependency-cruiser.cjs and prints one JSON report on stdout:
 *   { errors, modules, dependencies, rules, violations: [{ rule, from, to, cycle? }] }
 *
 * dependency-cruiser is ESM only and jest runs the specs as CommonJS, so layers.spec.ts runs this
 * in a child Node process. Usage: node cruise.mjs <baseDir> <path...>
 * Paths are cruised from baseDir (the rules' paths are relative to it) with <baseDir>/tsconfig.json.
 */
import { join, resolve } from 'node:path';
import { cruise } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const CONFIG = resolve(import.meta.dirname, '..', '..', '.dependency-cruiser.cjs');

async function main() {
  const [baseDir, ...paths] = process.argv.slice(2);
  if (baseDir === undefined || paths.length === 0) throw new Error('usage: node cruise.mjs <baseDir> <path...>');
  const tsConfigFile = join(resolve(baseDir), 'tsconfig.json');
  process.chdir(baseDir);
  const options = await extractDepcruiseOptions(CONFIG);
  const { output } = await cruise(
    paths,
    { ...options, validate: true, outputType: 'json', tsConfig: { fileName: tsConfigFile } },
    {},
    { tsConfig: extractTSConfig(tsConfigFile) },
  );
  const result = typeof output === 'string' ? JSON.parse(output) : output;
  const report = {
    errors: result.summary.error,
    modules: result.summary.totalCruised,
    dependencies: result.summary.totalDependenciesCruised ?? 0,
    rules: (result.summary.ruleSetUsed?.forbidden ?? []).map((r) => r.name),
    violations: result.summary.violations.map((v) => ({
      rule: v.rule.name,
      from: v.from,
      to: v.to,
      ...(v.cycle ? { cycle: v.cycle.map((step) => step.name) } : {}),
    })),
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 2;
});
