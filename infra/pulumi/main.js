// The Pulumi entry point. The program is TypeScript with .ts imports, run through tsx like the
// rest of the repository: this file registers tsx itself, so the program runs the same with any
// Node.js language host (one that passes `nodeargs` or an older one that does not) and without
// ts-node. The stack outputs are re-exported from index.ts.
import { register } from 'tsx/esm/api';

register();
const program = await import('./index.ts');

export const { namespace, apiUrl, prometheusUrl, workerHpa } = program;
