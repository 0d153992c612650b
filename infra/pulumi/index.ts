// `pulumi up` entry: validate the stack config, then provision everything (see docs/deploy.md).
import { loadStackConfig } from './config.ts';
import { buildStack } from './stack.ts';

const outputs = buildStack(loadStackConfig());

export const namespace = outputs.namespace;
export const apiUrl = outputs.apiUrl;
export const prometheusUrl = outputs.prometheusUrl;
export const workerHpa = outputs.workerHpa;
