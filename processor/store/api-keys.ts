import { createHash } from 'node:crypto';
import type pg from 'pg';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Makes sure a plaintext key exists, stored only as its SHA-256. Returns its id. */
export async function ensureApiKey(pool: pg.Pool, plaintext: string, name = 'default'): Promise<number> {
  const { rows } = await pool.query<{ id: number }>(
    `INSERT INTO api_keys (key_sha256, name) VALUES ($1, $2)
     ON CONFLICT (key_sha256) DO UPDATE SET name = api_keys.name
     RETURNING id`,
    [sha256Hex(plaintext), name],
  );
  return rows[0].id;
}

/**
 * Looks API keys up by hash, with a short cache so a request does not cost a query;
 * a revoked key stops working within `ttlMs`.
 */
export class ApiKeys {
  private cache = new Map<string, { id: number | null; until: number }>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly ttlMs = 30_000,
  ) {}

  async lookup(plaintext: string): Promise<number | null> {
    const hash = sha256Hex(plaintext);
    const now = Date.now();
    const hit = this.cache.get(hash);
    if (hit && hit.until > now) return hit.id;
    const { rows } = await this.pool.query<{ id: number }>('SELECT id FROM api_keys WHERE key_sha256 = $1', [
      hash,
    ]);
    const id = rows[0]?.id ?? null;
    // Unknown keys are cached too (briefly), so a flood of bad keys cannot hammer the database.
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(hash, { id, until: now + (id === null ? 2000 : this.ttlMs) });
    return id;
  }
}
