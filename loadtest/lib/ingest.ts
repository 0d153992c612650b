import http from 'k6/http';
import type { RefinedResponse, ResponseType } from 'k6/http';
import exec from 'k6/execution';
import { sleep } from 'k6';
import { corpusDocument, requestFor } from './corpus.ts';
import type { InvalidDocument, ValidDocument } from './corpus.ts';
import {
  documentsFailed,
  duplicates,
  e2eSeconds,
  e2eTimeouts,
  invalidRejected,
  invalidUnexpected,
} from './metrics.ts';
import { warmupScenario } from './options.ts';
import type { SuiteSettings } from './settings.ts';

// Requests carry a `doc` tag: the SLO thresholds only look at `doc:valid` (the ingest of
// documents that should be accepted), so deliberate 4xx and the follow-up GETs neither
// count as errors nor skew ingest latency.
const expect4xx = http.expectedStatuses({ min: 400, max: 499 });

function authHeaders(s: SuiteSettings, extra: Record<string, string>): Record<string, string> {
  return { Authorization: `Bearer ${s.apiKey}`, ...extra };
}

function jsonBody(res: RefinedResponse<ResponseType | undefined>): Record<string, unknown> | null {
  if (typeof res.body !== 'string' || res.body === '') return null;
  try {
    const value: unknown = JSON.parse(res.body);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function sendInvalid(s: SuiteSettings, doc: InvalidDocument): void {
  const res = http.post(`${s.target}/v1/documents`, doc.body, {
    headers: authHeaders(s, doc.headers),
    tags: { doc: 'invalid', reason: doc.reason, name: 'POST /v1/documents' },
    responseCallback: expect4xx,
  });
  const body = jsonBody(res);
  // 429 is backpressure, not a verdict on the document: it does not prove the rejection.
  const ok =
    res.status >= 400 &&
    res.status < 500 &&
    res.status !== 429 &&
    body !== null &&
    typeof body.code === 'string' &&
    typeof body.message === 'string';
  if (ok) invalidRejected.add(1, { reason: doc.reason });
  else invalidUnexpected.add(1, { reason: doc.reason, status: String(res.status) });
}

/** Polls GET /v1/documents/:id until processed/failed or the timeout; records e2e seconds. */
function follow(s: SuiteSettings, id: string, sentAt: number): void {
  const deadline = sentAt + s.followTimeoutSeconds * 1000;
  let wait = 0.1;
  for (;;) {
    sleep(wait);
    wait = Math.min(wait * 1.5, 1);
    const res = http.get(`${s.target}/v1/documents/${encodeURIComponent(id)}`, {
      headers: authHeaders(s, {}),
      tags: { doc: 'follow', name: 'GET /v1/documents/:id' },
    });
    const body = jsonBody(res);
    const status = body?.status;
    if (status === 'processed') {
      // The processor's own timestamps: independent of how often we poll.
      const accepted = Date.parse(String(body?.acceptedAt));
      const processed = Date.parse(String(body?.processedAt));
      const seconds =
        Number.isFinite(accepted) && Number.isFinite(processed)
          ? (processed - accepted) / 1000
          : (Date.now() - sentAt) / 1000;
      e2eSeconds.add(Math.max(0, seconds));
      return;
    }
    if (status === 'failed') {
      documentsFailed.add(1);
      return;
    }
    if (Date.now() >= deadline) {
      // Not processed in time: the elapsed time is a lower bound, and it already breaks
      // an objective below the timeout, so it must count rather than vanish.
      e2eTimeouts.add(1);
      e2eSeconds.add((Date.now() - sentAt) / 1000);
      return;
    }
  }
}

function sendValid(s: SuiteSettings, doc: ValidDocument, iteration: number): void {
  const { body, headers } = requestFor(doc);
  const sentAt = Date.now();
  const res = http.post(`${s.target}/v1/documents`, body, {
    headers: authHeaders(s, headers),
    tags: { doc: 'valid', encoding: doc.encoding, name: 'POST /v1/documents' },
  });
  if (res.status === 200) {
    duplicates.add(1);
    return;
  }
  if (res.status !== 202) return;
  if (iteration % s.followEvery !== 0) return;
  const id = jsonBody(res)?.id;
  if (typeof id === 'string') follow(s, id, sentAt);
}

// Warm-up documents come from their own part of the corpus: the measured scenario counts
// its iterations from 0 too, and the same documents again would only be duplicates.
const warmupIndexBase = 1_000_000_000;

/** A warm-up iteration: a valid document, tagged `doc:warmup` so no objective or count sees it. */
function warmupIteration(s: SuiteSettings): void {
  const doc = corpusDocument(s, warmupIndexBase + exec.scenario.iterationInTest);
  if (doc.kind !== 'valid') return;
  const { body, headers } = requestFor(doc);
  http.post(`${s.target}/v1/documents`, body, {
    headers: authHeaders(s, headers),
    tags: { doc: 'warmup', name: 'POST /v1/documents' },
  });
}

/** One iteration: send corpus document N (N = this iteration's number in the test). */
export function ingestIteration(s: SuiteSettings): void {
  if (exec.scenario.name === warmupScenario) return warmupIteration(s);
  const iteration = exec.scenario.iterationInTest;
  const doc = corpusDocument(s, iteration);
  if (doc.kind === 'invalid') sendInvalid(s, doc);
  else sendValid(s, doc, iteration);
}
