-- The documents table is also the outbox: a row is committed before 202 is answered, and
-- the relay enqueues every unfinished row that is missing from the queue.
CREATE TABLE IF NOT EXISTS documents (
  id               uuid PRIMARY KEY,
  content          text NOT NULL,
  content_type     text NOT NULL,
  title            text,
  source           text,
  metadata         jsonb,
  content_sha256   text NOT NULL UNIQUE,
  status           text NOT NULL DEFAULT 'queued'
                   CHECK (status IN ('queued', 'processing', 'processed', 'failed')),
  accepted_at      timestamptz NOT NULL DEFAULT now(),
  started_at       timestamptz,
  processed_at     timestamptz,
  attempts         integer NOT NULL DEFAULT 0,
  -- Last time the relay put the row in the queue or saw it there.
  queue_checked_at timestamptz,
  timings          jsonb,
  result           jsonb,
  failure_reason   text
);

-- The relay scans only unfinished rows.
CREATE INDEX IF NOT EXISTS documents_unfinished
  ON documents (queue_checked_at NULLS FIRST)
  WHERE status IN ('queued', 'processing');

CREATE TABLE IF NOT EXISTS api_keys (
  id         serial PRIMARY KEY,
  key_sha256 text NOT NULL UNIQUE,
  name       text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Idempotency-Key replays answer exactly what the first request got.
CREATE TABLE IF NOT EXISTS idempotency_keys (
  api_key_id  integer NOT NULL REFERENCES api_keys (id),
  key         text NOT NULL,
  status_code integer NOT NULL,
  body        jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (api_key_id, key)
);
