/**
 * The store's SQL, kept apart so tests can EXPLAIN QUERY PLAN the exact statements the store runs.
 * Status literals are inlined (not bound) where the planner should see them.
 */
const VIEW = `SELECT d.*, a.title AS article_title, a.url AS article_url
  FROM deliveries d JOIN articles a ON a.id = d.article_id`;

export const SQL = {
  insertArticle: `INSERT INTO articles (id, key, title, url, source, json, created_at)
    VALUES (@id, @key, @title, @url, @source, @json, @created_at) ON CONFLICT DO NOTHING`,
  articleByKey: `SELECT * FROM articles WHERE key = ?`,
  articleById: `SELECT * FROM articles WHERE id = ?`,

  // ON CONFLICT on the pair (rather than INSERT OR IGNORE) so a bad status or NULL still fails loudly.
  insertDelivery: `INSERT INTO deliveries (article_id, channel, platform, status, attempts, next_attempt_at,
      scheduled_at, post_json, created_at, updated_at)
    VALUES (@article_id, @channel, @platform, @status, 0, @next_attempt_at, @scheduled_at, @post_json, @now, @now)
    ON CONFLICT (article_id, channel) DO NOTHING RETURNING *`,
  // dry-run rows count too: a dry run should space posts exactly as a live run would.
  scheduledTimes: `SELECT scheduled_at FROM deliveries
    WHERE channel = ? AND scheduled_at >= ? AND status IN ('queued', 'sending', 'sent', 'dry-run')
    ORDER BY scheduled_at`,

  claim: `UPDATE deliveries SET status = 'sending', updated_at = @now
    WHERE id IN (SELECT id FROM deliveries
      WHERE status = 'queued' AND channel = @channel AND next_attempt_at <= @now
      ORDER BY scheduled_at, id LIMIT @limit)
    RETURNING *`,
  // The same, limited to given ids (`crier post --now` sends only what it queued).
  claimOnly: `UPDATE deliveries SET status = 'sending', updated_at = @now
    WHERE id IN (SELECT id FROM deliveries
      WHERE status = 'queued' AND channel = @channel AND next_attempt_at <= @now
        AND id IN (SELECT value FROM json_each(@ids))
      ORDER BY scheduled_at, id LIMIT @limit)
    RETURNING *`,
  markSent: `UPDATE deliveries SET status = @status, remote_id = @remote_id, remote_url = @remote_url,
      sent_at = @sent_at, attempts = attempts + 1, next_attempt_at = NULL, updated_at = @now,
      last_error_kind = COALESCE(@note_kind, last_error_kind), last_error = COALESCE(@note, last_error)
    WHERE id = @id AND status = 'sending'`,
  markRetry: `UPDATE deliveries SET status = 'queued', attempts = attempts + @counted, next_attempt_at = @next,
      last_error_kind = @kind, last_error = @error, updated_at = @now
    WHERE id = @id AND status = 'sending'`,
  markFailed: `UPDATE deliveries SET status = 'failed', attempts = attempts + @counted, next_attempt_at = NULL,
      last_error_kind = @kind, last_error = @error, updated_at = @now
    WHERE id = @id AND status = 'sending'`,
  markUncertain: `UPDATE deliveries SET status = 'uncertain', attempts = attempts + 1, next_attempt_at = NULL,
      last_error_kind = 'uncertain', last_error = @error, updated_at = @now
    WHERE id = @id AND status = 'sending'`,
  recover: `UPDATE deliveries SET status = 'uncertain', attempts = attempts + 1, next_attempt_at = NULL,
      last_error_kind = 'uncertain', last_error = @error, updated_at = @now
    WHERE status = 'sending'`,
  requeueId: `UPDATE deliveries SET status = 'queued', next_attempt_at = @now, updated_at = @now
    WHERE id = @id AND status IN ('failed', 'uncertain', 'skipped') RETURNING id`,
  requeueStatus: `UPDATE deliveries SET status = 'queued', next_attempt_at = @now, updated_at = @now
    WHERE status = @status RETURNING id`,

  getDelivery: `${VIEW} WHERE d.id = ?`,
  // Each listing walks one index (or the table) backwards in id order and stops at the limit.
  listAll: `${VIEW} ORDER BY d.id DESC LIMIT @limit`,
  listStatus: `${VIEW} WHERE d.status = @status ORDER BY d.id DESC LIMIT @limit`,
  listChannelStatus: `${VIEW} WHERE d.channel = @channel AND d.status = @status ORDER BY d.id DESC LIMIT @limit`,
  counts: `SELECT channel, status, count FROM delivery_counts WHERE count > 0 ORDER BY channel, status`,
  nextDue: `SELECT MIN(next_attempt_at) AS at FROM deliveries WHERE status = 'queued'`,

  getFeed: `SELECT * FROM feed_state WHERE url = ?`,
  saveFeed: `INSERT INTO feed_state (url, etag, last_modified, last_poll_at, last_success_at, error_count,
      last_error, next_poll_at, primed)
    VALUES (@url, @etag, @last_modified, @last_poll_at, @last_success_at, @error_count, @last_error,
      @next_poll_at, @primed)
    ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
      last_poll_at = excluded.last_poll_at, last_success_at = excluded.last_success_at,
      error_count = excluded.error_count, last_error = excluded.last_error,
      next_poll_at = excluded.next_poll_at, primed = excluded.primed`,
  markSeen: `INSERT INTO feed_items (feed_url, item_key, seen_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
} as const;
