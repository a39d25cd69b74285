-- Rebuilds the hourly summaries from the request rows. Before this version, a later snapshot of a streamed message
-- written in the same transaction as its first snapshot (not next to it in the log) was counted twice in the
-- summaries; the writer is fixed, and this makes every existing store exact again (llmcost store check).
DELETE FROM cost_rollups_hourly;
INSERT INTO cost_rollups_hourly (hour_start, session_id, provider, model, requests, unpriced_requests, input_tokens, cache_read_tokens,
                                 cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, cost_nano)
SELECT (occurred_at / 3600000) * 3600000, COALESCE(session_id, ''), provider, model, COUNT(*), SUM(cost_nano IS NULL),
       SUM(input_tokens), SUM(cache_read_tokens), SUM(cache_write_5m_tokens), SUM(cache_write_1h_tokens), SUM(output_tokens),
       SUM(reasoning_tokens), SUM(COALESCE(cost_nano, 0))
FROM request_costs
GROUP BY 1, 2, 3, 4;
