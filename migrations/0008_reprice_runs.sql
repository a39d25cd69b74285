-- The audit trail of re-pricing: each Update-LlmCost -Reprice / llmcost reprice run that changed stored costs.
CREATE TABLE reprice_runs (
    run_id          INTEGER PRIMARY KEY,
    run_at          INTEGER NOT NULL,
    run_by          TEXT NOT NULL,
    reason          TEXT,
    scope           TEXT NOT NULL,
    rows_examined   INTEGER NOT NULL,
    rows_changed    INTEGER NOT NULL,
    newly_priced    INTEGER NOT NULL,
    old_total_nano  INTEGER NOT NULL,
    new_total_nano  INTEGER NOT NULL
);
