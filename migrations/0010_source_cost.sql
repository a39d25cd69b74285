-- The cost another tool (LiteLLM, Langfuse) had recorded for an imported request, kept beside ours so differences
-- show; NULL for everything LlmCost recorded itself. Adding a nullable column rewrites no rows.
ALTER TABLE request_costs ADD COLUMN source_cost_nano INTEGER;
