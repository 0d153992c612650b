import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { makeDirectory } from '../common/output-files.ts';
import type { Slo } from '../common/slo.ts';
import { repoRoot } from '../common/paths.ts';
import { dashboards } from './grafana/index.ts';
import { dashboardProvider, datasourceProvider } from './provisioning.ts';
import { ruleFiles } from './rules/index.ts';
import { promtoolTests } from './rules/unit-tests.ts';
import { toYaml } from './rules/yaml.ts';

export const dashboardsDir = path.join(repoRoot, 'dashboards');
export const defaultOutDir = path.join(dashboardsDir, 'rendered');
export const defaultTestsDir = path.join(dashboardsDir, 'rules', 'tests');

export interface RenderLayout {
  /** Root of the rendered files: grafana/ and prometheus/ below it. */
  outDir: string;
  /** Where the promtool unit tests go (they point at the rendered rules relatively). */
  testsDir: string;
}

/** The default layout, or everything under `out` (tests in `out/rules-tests`). */
export function layout(out?: string): RenderLayout {
  if (!out) return { outDir: defaultOutDir, testsDir: defaultTestsDir };
  const outDir = path.resolve(out);
  return { outDir, testsDir: path.join(outDir, 'rules-tests') };
}

/** Every rendered file: absolute path → exact content. Pure: same SLO, same bytes. */
export function renderFiles(slo: Slo, where: RenderLayout): Map<string, string> {
  const files = new Map<string, string>();
  const grafanaDir = path.join(where.outDir, 'grafana');
  const promDir = path.join(where.outDir, 'prometheus');
  for (const { file, dashboard } of dashboards(slo)) {
    files.set(path.join(grafanaDir, `${file}.json`), `${JSON.stringify(dashboard, null, 2)}\n`);
  }
  files.set(path.join(grafanaDir, 'provisioning', 'dashboards.yml'), dashboardProvider());
  files.set(path.join(grafanaDir, 'provisioning', 'datasources.yml'), datasourceProvider());
  const rules = ruleFiles(slo);
  for (const file of rules) {
    files.set(path.join(promDir, `${file.name}.rules.yml`), toYaml({ groups: file.groups }));
  }
  const relativeRules = path.relative(where.testsDir, promDir);
  for (const test of promtoolTests(slo, rules, relativeRules)) {
    files.set(path.join(where.testsDir, `${test.name}.yml`), toYaml(test.doc));
  }
  return files;
}

export function writeFiles(files: Map<string, string>): string[] {
  for (const [file, content] of files) {
    makeDirectory(path.dirname(file), '--out');
    writeFileSync(file, content);
  }
  return [...files.keys()];
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

/** Files on disk that differ from a fresh render, are missing, or are left over. */
export function staleFiles(files: Map<string, string>, where: RenderLayout): string[] {
  const stale: string[] = [];
  for (const [file, content] of files) {
    if (!existsSync(file) || readFileSync(file, 'utf8') !== content) stale.push(file);
  }
  for (const file of [...listFiles(where.outDir), ...listFiles(where.testsDir)]) {
    if (!files.has(file)) stale.push(file);
  }
  return stale.sort();
}
