/* global __ENV, __ITER, __VU */
// A small k6 ingest run for the dashboards' live test: constant arrival rate of unique
// documents, every 20th request malformed (a real 400, so 4xx panels have data).
import http from 'k6/http';
import { check } from 'k6';

export const options = {
  scenarios: {
    ingest: {
      executor: 'constant-arrival-rate',
      rate: Number(__ENV.RATE),
      timeUnit: '1s',
      duration: __ENV.DURATION,
      preAllocatedVUs: 4,
      maxVUs: 8,
    },
  },
};

export default function () {
  const bad = __ITER % 20 === 19;
  const body = bad
    ? '{"content": '
    : JSON.stringify({
        content: `Capacity note ${__VU}-${__ITER}-${Math.random()}: queue depth, arrival rate and latency.`,
        contentType: 'text/plain',
      });
  const res = http.post(`${__ENV.TARGET}/v1/documents`, body, {
    headers: { 'content-type': 'application/json', authorization: `Bearer ${__ENV.API_KEY}` },
  });
  check(res, { 'expected status': (r) => (bad ? r.status === 400 : r.status === 202 || r.status === 200) });
}
