import type { Command } from 'commander';
import { HeadroomError } from '../../common/errors.ts';
import { action } from '../run.ts';

// Placeholder until its issue lands: replaced by the real command.
export function register(program: Command): void {
  program
    .command('autoscale')
    .description('(not built yet)')
    .action(
      action(() => {
        throw new HeadroomError('autoscale is not built yet');
      }),
    );
}
