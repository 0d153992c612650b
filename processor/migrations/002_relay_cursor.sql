-- The relay walks unfinished rows with an in-memory cursor (read-only) instead of stamping
-- each row it checked: stamping cost a row rewrite per check under load.
DROP INDEX IF EXISTS documents_unfinished;
ALTER TABLE documents DROP COLUMN IF EXISTS queue_checked_at;
CREATE INDEX IF NOT EXISTS documents_unfinished_by_age
  ON documents (accepted_at, id)
  WHERE status IN ('queued', 'processing');
