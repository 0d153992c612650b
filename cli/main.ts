import { Command, CommanderError } from 'commander';
import { registerCommands } from './commands/index.ts';

const program = new Command('headroom')
  .description('Capacity planning, load testing and predictive autoscaling for the document processor')
  .showHelpAfterError(false)
  .configureOutput({
    // One clear line for usage errors, not a wall of help.
    outputError: (text, write) => write(text.split('\n')[0].replace(/^error: /, 'headroom: ') + '\n'),
  })
  .exitOverride();

registerCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    const ok = ['commander.helpDisplayed', 'commander.help', 'commander.version'].includes(error.code);
    process.exitCode = ok ? 0 : 2;
  } else {
    throw error;
  }
}
