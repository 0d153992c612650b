import type { Command } from 'commander';
import * as autoscale from './autoscale.ts';
import * as backtest from './backtest.ts';
import * as capacity from './capacity.ts';
import * as dashboards from './dashboards.ts';
import * as forecast from './forecast.ts';
import * as loadtest from './loadtest.ts';
import * as review from './review.ts';
import * as serve from './serve.ts';
import * as work from './work.ts';

/** The one list of commands; each lives in its own file and exports `register`. */
export function registerCommands(program: Command): void {
  for (const command of [
    review,
    serve,
    work,
    loadtest,
    forecast,
    capacity,
    backtest,
    autoscale,
    dashboards,
  ]) {
    command.register(program);
  }
}
