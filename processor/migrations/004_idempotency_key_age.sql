-- Idempotency-Key answers are kept for a retention (HEADROOM_IDEMPOTENCY_RETENTION_HOURS) and
-- then pruned oldest first: the prune reads this index instead of the whole table.
CREATE INDEX IF NOT EXISTS idempotency_keys_by_age ON idempotency_keys (created_at);
