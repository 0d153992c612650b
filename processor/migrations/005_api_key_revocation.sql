-- A key that is no longer configured is revoked, not deleted: Idempotency-Key answers refer
-- to it, and a revoked key must never come back by being configured again.
ALTER TABLE api_keys ADD COLUMN IF NOT EXISTS revoked_at timestamptz;
