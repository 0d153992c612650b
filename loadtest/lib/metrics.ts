import { Counter, Trend } from 'k6/metrics';

/**
 * The suites' own metrics. Names are read back by the runner (loadtest/runner/slo-report.ts)
 * and the thresholds (loadtest/thresholds.ts): renaming one here breaks those.
 */
/** Accepted → processed, from the processor's own timestamps, in seconds. */
export const e2eSeconds = new Trend('headroom_e2e_seconds');
/** Followed documents still not processed after the follow timeout (their sample is a lower bound). */
export const e2eTimeouts = new Counter('headroom_e2e_timeouts');
/** Followed documents the processor ended as `failed`. */
export const documentsFailed = new Counter('headroom_documents_failed');
/** Valid documents answered 200 duplicate. */
export const duplicates = new Counter('headroom_duplicates');
/** Invalid-on-purpose documents rejected with the expected 4xx + {code, message}. */
export const invalidRejected = new Counter('headroom_invalid_rejected');
/** Invalid-on-purpose documents that got anything else (accepted, 5xx, no JSON error). */
export const invalidUnexpected = new Counter('headroom_invalid_unexpected');
