// The files other parts of the repository render (dashboards/rendered/): the program reads
// them at run time and never imports the code that makes them.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../common/paths.ts';
import { StackConfigError } from './config.ts';

export interface RenderedFile {
  name: string;
  text: string;
}

export const renderedDir = join(repoRoot, 'dashboards', 'rendered');

function readMatching(dir: string, suffix: string): RenderedFile[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith(suffix));
  } catch {
    names = [];
  }
  if (names.length === 0) {
    throw new StackConfigError(`no ${suffix} files in ${dir}: run \`headroom dashboards render\` first`);
  }
  return names.sort().map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
}

/** Prometheus recording and alert rules. */
export function prometheusRules(dir = join(renderedDir, 'prometheus')): RenderedFile[] {
  return readMatching(dir, '.rules.yml');
}

/** Grafana dashboards (JSON). */
export function grafanaDashboards(dir = join(renderedDir, 'grafana')): RenderedFile[] {
  return readMatching(dir, '.json');
}

/** Grafana provisioning files (datasources.yml, dashboards.yml). */
export function grafanaProvisioning(dir = join(renderedDir, 'grafana', 'provisioning')): RenderedFile[] {
  return readMatching(dir, '.yml');
}
