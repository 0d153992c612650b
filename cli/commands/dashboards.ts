import type { Command } from 'commander';
import path from 'node:path';
import { HeadroomError, InputError } from '../../common/errors.ts';
import { makeDirectory } from '../../common/output-files.ts';
import { loadSlo } from '../../common/slo.ts';
import { repoRoot } from '../../common/paths.ts';
import { action, printJson, pathArgument } from '../run.ts';

interface RenderOptions {
  out?: string;
  check?: boolean;
  json?: boolean;
}

export function register(program: Command): void {
  const dashboards = program
    .command('dashboards')
    .description('Grafana dashboards and Prometheus rules as code (generated from slo.json)');
  dashboards
    .command('render')
    .description(
      'Render the dashboards (JSON + provisioning YAML), the Prometheus rules and their promtool tests',
    )
    .option('--out <dir>', 'render under this folder instead of dashboards/rendered', pathArgument)
    .option('--check', 'write nothing; fail when the rendered files are stale')
    .option('--json', 'print one JSON document on stdout')
    .action(
      action(async (opts: RenderOptions) => {
        const { layout, renderFiles, staleFiles, writeFiles } = await import('../../dashboards/render.ts');
        const where = layout(opts.out);
        const files = renderFiles(loadSlo(), where);
        const rel = (file: string) => path.relative(repoRoot, file) || file;
        if (opts.check) {
          const stale = staleFiles(files, where).map(rel);
          if (opts.json) printJson({ check: stale.length === 0 ? 'ok' : 'stale', stale });
          if (stale.length > 0) {
            throw new HeadroomError(
              `${stale.length} rendered file(s) are stale (${stale.slice(0, 3).join(', ')}${stale.length > 3 ? ', ...' : ''}): run headroom dashboards render`,
            );
          }
          if (!opts.json)
            process.stderr.write(`headroom dashboards: ${files.size} rendered files are up to date\n`);
          return;
        }
        if (opts.out) makeDirectory(opts.out, '--out');
        let written: string[];
        try {
          written = writeFiles(files).map(rel);
        } catch (error) {
          if (error instanceof HeadroomError) throw error;
          const { code, path: where } = error as NodeJS.ErrnoException;
          throw new InputError(
            `cannot write the render (${code ?? 'error'} at ${where ?? opts.out ?? 'dashboards/rendered'}): check --out`,
          );
        }
        if (opts.json) {
          printJson({ written });
          return;
        }
        for (const file of written) process.stdout.write(`${file}\n`);
        process.stderr.write(`headroom dashboards: wrote ${written.length} files\n`);
      }),
    );
}
