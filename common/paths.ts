import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The repository root, wherever the command is run from. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Project-local, git-ignored folders. */
export const dataDir = path.join(repoRoot, '.data');
export const toolsDir = path.join(repoRoot, '.tools');
export const reportsDir = path.join(repoRoot, 'reports');
export const sloPath = path.join(repoRoot, 'slo.json');
