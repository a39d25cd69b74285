using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using LlmCost.Core.Money;
using LlmCost.Core.Pricing;
using LlmCost.Core.Queries;
using LlmCost.Core.Storage;
using LlmCost.Core.Usage;

namespace LlmCost.Core.Analysis
{
    /// <summary>
    /// Ranked suggestions to spend less, each priced request by request on the stored usage of a window with the prices
    /// in effect at each request's time (so the saving is the suggestion's, not a price change's). The rules and their
    /// thresholds are in docs/analysis.md. Two passes over the window's requests; state per session and model only.
    /// </summary>
    public static class CostRecommender
    {
        /// <summary>A session must have this many requests before its rate is called steady.</summary>
        public const int BatchMinimumRequests = 20;

        /// <summary>Steady rate: the gaps between requests vary by at most this share of their mean (coefficient of variation).</summary>
        public const double BatchMaximumGapVariation = 0.5;

        /// <summary>On a schedule: requests on at least this many days, all within two adjacent clock hours (UTC).</summary>
        public const int BatchMinimumScheduledDays = 3;

        public const int CachingMinimumRequests = 10;

        /// <summary>The smallest prompt the providers cache (OpenAI and Anthropic: 1,024 tokens).</summary>
        public const long CachingMinimumPrefixTokens = 1024;

        /// <summary>Rewrites of an expired 5-minute cache a session needs before 1-hour writes are suggested.</summary>
        public const int LongerWritesMinimumRewrites = 2;

        private static readonly TimeSpan ShortCacheLifetime = TimeSpan.FromMinutes(5);
        private static readonly TimeSpan LongCacheLifetime = TimeSpan.FromHours(1);
        private const decimal DaysPerMonth = 30.4375m;

        /// <summary>Tags that mark a request as waited on by a person; sessions with one are never told to batch.</summary>
        public static bool IsInteractiveTag(string tag) =>
            tag.Equals("interactive", StringComparison.OrdinalIgnoreCase) || tag.Equals("user-facing", StringComparison.OrdinalIgnoreCase) ||
            tag.Equals("realtime", StringComparison.OrdinalIgnoreCase) || tag.StartsWith("latency", StringComparison.OrdinalIgnoreCase);

        /// <summary>The suggestions for the stored requests of <paramref name="scope"/>, ranked, those under the minimum left out.</summary>
        /// <param name="store">The store to read.</param>
        /// <param name="scope">The filters; without Since/Until, the last 30 days.</param>
        /// <param name="options">The clock, the minimum monthly saving, the step-down data.</param>
        /// <param name="cancel">Stops the reading.</param>
        /// <param name="progress">Called every 50,000 requests read, with the count (both passes).</param>
        public static IReadOnlyList<CostRecommendation> Recommend(ICostStore store, CostQuery scope, RecommendationOptions? options = null, CancellationToken cancel = default,
            Action<long>? progress = null)
        {
            options ??= new RecommendationOptions();
            var query = scope.Ungrouped();
            query.Until ??= options.NowUtc;
            query.Since ??= query.Until.Value.AddDays(-RecommendationOptions.DefaultWindowDays);
            if (query.Until <= query.Since)
            {
                throw new LlmCostException("InvalidRange", $"The window must end after it starts (since {query.Since:u}, until {query.Until:u}).");
            }

            var prices = store.Prices;
            var sessions = new Dictionary<string, SessionState>(StringComparer.Ordinal);
            var models = new Dictionary<(string Provider, string Model), ModelState>();
            DateTime? firstRequest = null;
            long read = 0;
            foreach (var r in store.GetRequests(query))
            {
                cancel.ThrowIfCancellationRequested();
                if (++read % 50_000 == 0) progress?.Invoke(read);
                firstRequest ??= r.OccurredAtUtc; // requests come in time order
                var lookup = prices.Lookup(r.Provider, r.Model, r.OccurredAtUtc);
                var tokens = TokensOf(r);
                SessionState? s = null;
                TimeSpan? gap = null;
                if (r.SessionId != null)
                {
                    if (!sessions.TryGetValue(r.SessionId, out s)) sessions[r.SessionId] = s = new SessionState();
                    gap = s.See(r, lookup.CatalogModel?.Id ?? lookup.Model, lookup.Provider);
                }

                var price = lookup.Price;
                // A request on a tier without a price of its own is unpriced: none of the rules can weigh it.
                if (price != null && ServiceTiers.NeedsOwnPrice(r.ServiceTier)) price = null;
                if (price == null)
                {
                    if (s != null) s.Unpriced++;
                    continue;
                }

                long costNano = NanoCost(tokens, price, r.IsBatch);
                if (lookup.CatalogModel != null && options.StepDowns.For(lookup.Provider, lookup.CatalogModel.Id) is ModelStepDown step)
                {
                    var key = (lookup.Provider, lookup.CatalogModel.Id);
                    if (!models.TryGetValue(key, out var m)) models[key] = m = new ModelState(step);
                    m.Add(r.OccurredAtUtc, costNano, prices.Lookup(lookup.Provider, step.To, r.OccurredAtUtc).Price, tokens, r.IsBatch);
                }

                if (s != null) s.AddPriced(tokens, price, r.IsBatch, costNano, gap);
            }

            EstimateCaching(store, query, sessions, cancel, () => { if (++read % 50_000 == 0) progress?.Invoke(read); });

            // The month is scaled from the days the window actually covers: from its start, or the day of its first
            // request when recording began later (a store a week old is not a month of zero spend), to its end, or now.
            DateTime since = firstRequest.HasValue && firstRequest.Value.Date > query.Since.Value ? firstRequest.Value.Date : query.Since.Value;
            DateTime until = query.Until.Value > options.NowUtc && options.NowUtc > since ? options.NowUtc : query.Until.Value;
            double windowDays = Math.Max(1.0, (until - since).TotalDays);
            var found = new List<CostRecommendation>();
            foreach (var kv in models)
            {
                var m = kv.Value;
                var target = prices.Lookup(kv.Key.Provider, m.Step.To, query.Until.Value.AddTicks(-1));
                // Never a model the catalog cannot price now, nor one it marks deprecated.
                if (m.Compared == 0 || target.Price == null || target.CatalogModel?.Deprecated == true) continue;
                var rec = New(RecommendationKind.CheaperModel, "model " + kv.Key.Provider + "/" + kv.Key.Model, m.Compared, m.CostNano, m.AltCostNano);
                rec.Provider = kv.Key.Provider;
                rec.Model = kv.Key.Model;
                rec.Suggestion = $"Try {kv.Key.Provider}/{m.Step.To} ({m.Step.Why})";
                string when = m.First.Date == m.Last.Date ? $"on {m.First:yyyy-MM-dd}" : $"from {m.First:yyyy-MM-dd} to {m.Last:yyyy-MM-dd}";
                rec.Evidence = $"{Count(m.Compared)} {Plural(m.Compared, "request")} {when} cost {Usd(rec.Cost)} on {kv.Key.Model}; " +
                    $"the same tokens on {m.Step.To} cost {Usd(rec.EstimatedCost)} ({Percent(rec)}). Check its quality on your workload first." +
                    (m.NotPriced > 0 ? $" {Count(m.NotPriced)} {Plural(m.NotPriced, "request")} from before {m.Step.To} had a price are left out." : "");
                found.Add(rec);
            }

            foreach (var kv in sessions)
            {
                var s = kv.Value;
                if (s.BatchCandidate)
                {
                    var rec = ForSession(RecommendationKind.Batch, kv.Key, s, s.Priced, s.CostNano, s.BatchCostNano);
                    rec.Suggestion = "Send this work as batch requests (the provider's batch discount; results within 24 hours)";
                    string pattern = s.Steady
                        ? $"{Count(s.Requests)} requests over {Duration(s.Last - s.First)}, one every {Duration(TimeSpan.FromSeconds(s.GapMean))} " +
                          $"(gaps vary by {(s.GapVariation * 100).ToString("0", CultureInfo.InvariantCulture)}%)"
                        : $"{Count(s.Requests)} requests on {Count(s.Days)} days, all between {s.Schedule.Start:00}:00 and {(s.Schedule.Start + s.Schedule.Hours - 1) % 24:00}:59 UTC";
                    rec.Evidence = $"{pattern}, none tagged interactive: {Usd(rec.Cost)} as sent, {Usd(rec.EstimatedCost)} as batch requests.";
                    found.Add(rec);
                }

                if (s.CachingCandidate && s.CachedCostNano.HasValue)
                {
                    var rec = ForSession(RecommendationKind.PromptCaching, kv.Key, s, s.Priced, s.CostNano, s.CachedCostNano.Value);
                    rec.Suggestion = "Cache the start of the prompt that every request repeats";
                    rec.Evidence = $"{Count(s.Requests)} requests with {Count(s.UncachedInput / s.Requests)} input tokens each on average and no cache reads or writes. " +
                        $"If the first {Count(s.MinInput)} tokens (the smallest request's input) repeat, read from the cache and written again after pauses over 5 minutes: " +
                        $"{Usd(rec.Cost)} becomes {Usd(rec.EstimatedCost)}.";
                    found.Add(rec);
                }

                if (s.Rewrites >= LongerWritesMinimumRewrites && !s.NoLongWritePrice)
                {
                    var rec = ForSession(RecommendationKind.LongerCacheWrites, kv.Key, s, s.WriteRequests, s.WriteCostNano, s.LongWriteCostNano);
                    rec.Suggestion = "Write the prompt cache for 1 hour instead of 5 minutes";
                    rec.Evidence = $"{Count(s.Rewrites)} of {Count(s.WriteRequests)} requests with 5-minute cache writes came 5 to 60 minutes after the one before, " +
                        $"when the cache had expired; with 1-hour writes they would read it instead. Those {Count(s.WriteRequests)} requests: {Usd(rec.Cost)} now, " +
                        $"{Usd(rec.EstimatedCost)} with 1-hour writes.";
                    found.Add(rec);
                }
            }

            var kept = found
                .Where(r => r.Saving > 0m)
                .Select(r =>
                {
                    r.Since = since;
                    r.Until = until;
                    r.MonthlySaving = decimal.Round(r.Saving * DaysPerMonth / (decimal)windowDays, 6, MidpointRounding.AwayFromZero);
                    return r;
                })
                .Where(r => r.MonthlySaving >= options.MinimumMonthlySaving)
                .OrderByDescending(r => r.MonthlySaving).ThenBy(r => r.Kind).ThenBy(r => r.Scope, StringComparer.Ordinal)
                .ToList();
            for (int i = 0; i < kept.Count; i++) kept[i].Rank = i + 1;
            return kept;
        }

        /// <summary>
        /// The second pass, for the sessions that could use prompt caching only: each request re-priced with the
        /// session's smallest input read from the cache, or written to it when the cache has expired (first request, or
        /// more than 5 minutes after the one before).
        /// </summary>
        private static void EstimateCaching(ICostStore store, CostQuery query, Dictionary<string, SessionState> sessions, CancellationToken cancel, Action counted)
        {
            if (!sessions.Values.Any(s => s.CachingCandidate)) return;
            var prices = store.Prices;
            var previous = new Dictionary<string, DateTime>(StringComparer.Ordinal);
            foreach (var r in store.GetRequests(query))
            {
                cancel.ThrowIfCancellationRequested();
                counted();
                if (r.SessionId == null || !sessions.TryGetValue(r.SessionId, out var s) || !s.CachingCandidate) continue;
                var price = prices.Lookup(r.Provider, r.Model, r.OccurredAtUtc).Price!;
                bool expired = !previous.TryGetValue(r.SessionId, out var before) || r.OccurredAtUtc - before > ShortCacheLifetime;
                previous[r.SessionId] = r.OccurredAtUtc;
                long prefix = Math.Min(s.MinInput, r.InputTokens);
                var cached = expired
                    ? new TokenUsage(r.InputTokens, r.OutputTokens, 0, prefix, 0, r.ReasoningTokens)
                    : new TokenUsage(r.InputTokens, r.OutputTokens, prefix, 0, 0, r.ReasoningTokens);
                s.CachedCostNano = (s.CachedCostNano ?? 0) + NanoCost(cached, price, r.IsBatch);
            }
        }

        private static TokenUsage TokensOf(RequestCost r) =>
            new TokenUsage(r.InputTokens, r.OutputTokens, r.CacheReadTokens, r.CacheWrite5mTokens, r.CacheWrite1hTokens, r.ReasoningTokens);

        private static long NanoCost(TokenUsage tokens, ModelPrice price, bool batch) => Nano.FromDecimal(CostCalculator.Calculate(tokens, price, batch).Total);

        private static CostRecommendation New(RecommendationKind kind, string scope, long requests, long costNano, long estimatedNano) => new CostRecommendation
        {
            Kind = kind,
            Scope = scope,
            Requests = requests,
            Cost = Nano.ToDecimal(costNano),
            EstimatedCost = Nano.ToDecimal(estimatedNano),
        };

        private static CostRecommendation ForSession(RecommendationKind kind, string session, SessionState s, long requests, long costNano, long estimatedNano)
        {
            var rec = New(kind, "session " + session, requests, costNano, estimatedNano);
            rec.SessionId = session;
            if (s.Models.Count == 1)
            {
                var only = s.Models.First();
                rec.Provider = only.Provider;
                rec.Model = only.Model;
            }

            return rec;
        }

        private static string Usd(decimal amount) => "$" + amount.ToString("#,0.00####", CultureInfo.InvariantCulture);

        private static string Count(long n) => n.ToString("#,0", CultureInfo.InvariantCulture);

        private static string Plural(long n, string word) => n == 1 ? word : word + "s";

        private static string Percent(CostRecommendation r) =>
            r.Cost == 0 ? "n/a" : decimal.Round((r.EstimatedCost - r.Cost) / r.Cost * 100m, 1, MidpointRounding.AwayFromZero).ToString("+0.0;-0.0;0", CultureInfo.InvariantCulture) + "%";

        private static string Duration(TimeSpan t) =>
            t.TotalHours >= 1 ? $"{(int)t.TotalHours}h {t.Minutes}m" : t.TotalMinutes >= 1 ? $"{t.Minutes}m {t.Seconds}s" : $"{Math.Max(0, (int)Math.Round(t.TotalSeconds))}s";

        /// <summary>What the cheaper-model rule keeps for one provider × catalog model.</summary>
        private sealed class ModelState
        {
            public ModelState(ModelStepDown step) => Step = step;

            public ModelStepDown Step { get; }
            public long Compared, NotPriced, CostNano, AltCostNano;
            public DateTime First = DateTime.MaxValue, Last = DateTime.MinValue;

            public void Add(DateTime at, long costNano, ModelPrice? alternative, TokenUsage tokens, bool batch)
            {
                if (alternative == null)
                {
                    NotPriced++;
                    return;
                }

                Compared++;
                CostNano = checked(CostNano + costNano);
                AltCostNano = checked(AltCostNano + NanoCost(tokens, alternative, batch));
                if (at < First) First = at;
                if (at > Last) Last = at;
            }
        }

        /// <summary>What the session rules keep for one session, request by request in time order.</summary>
        private sealed class SessionState
        {
            public long Requests, Priced, Unpriced, UncachedInput;
            public long MinInput = long.MaxValue;
            public DateTime First, Last;
            public bool Interactive, AnyBatch, AnyCache, NoBatchPrice, NoCacheReadPrice, NoLongWritePrice;
            public readonly HashSet<(string Provider, string Model)> Models = new HashSet<(string, string)>();
            public long CostNano, BatchCostNano, WriteCostNano, LongWriteCostNano, WriteRequests, Rewrites;
            public long? CachedCostNano;

            // Gaps between requests in seconds, mean and sum of squared deviations (Welford): statistics, not money.
            private long _gaps;
            private double _gapMean, _gapM2;

            public double GapMean => _gapMean;

            public double GapVariation => _gaps == 0 || _gapMean <= 0 ? double.PositiveInfinity : Math.Sqrt(_gapM2 / _gaps) / _gapMean;

            // Days seen and the clock hours (UTC) requests fell in, one bit per hour: a nightly job keeps to one or two.
            private int _hours;
            private DateTime _lastDay = DateTime.MinValue;

            public long Days { get; private set; }

            public bool Steady => GapVariation <= BatchMaximumGapVariation;

            /// <summary>Every request within two adjacent clock hours (23 and 0 count as adjacent), on several days.</summary>
            public bool Scheduled => Days >= BatchMinimumScheduledDays && Schedule.Hours > 0;

            /// <summary>
            /// The clock hours (UTC) the requests keep to: the first, and how many (1 or 2); 0 hours when they keep to no
            /// two adjacent ones.
            /// </summary>
            public (int Start, int Hours) Schedule
            {
                get
                {
                    for (int h = 0; h < 24; h++)
                    {
                        if (_hours == 1 << h) return (h, 1);
                        if (_hours == ((1 << h) | (1 << ((h + 1) % 24)))) return (h, 2);
                    }

                    return (0, 0);
                }
            }

            public bool BatchCandidate =>
                Requests >= BatchMinimumRequests && Unpriced == 0 && !AnyBatch && !Interactive && !NoBatchPrice && (Steady || Scheduled);

            public bool CachingCandidate =>
                Requests >= CachingMinimumRequests && Unpriced == 0 && !AnyCache && !NoCacheReadPrice && MinInput >= CachingMinimumPrefixTokens;

            /// <summary>Counts the request in; returns the time since the session's previous request (null for its first).</summary>
            public TimeSpan? See(RequestCost r, string model, string provider)
            {
                TimeSpan? gap = null;
                if (Requests == 0)
                {
                    First = r.OccurredAtUtc;
                }
                else
                {
                    gap = r.OccurredAtUtc - Last;
                    double seconds = gap.Value.TotalSeconds;
                    _gaps++;
                    double delta = seconds - _gapMean;
                    _gapMean += delta / _gaps;
                    _gapM2 += delta * (seconds - _gapMean);
                }

                Requests++;
                Last = r.OccurredAtUtc;
                _hours |= 1 << r.OccurredAtUtc.Hour;
                if (r.OccurredAtUtc.Date != _lastDay)
                {
                    // Requests come in time order, so a new date is a new day.
                    _lastDay = r.OccurredAtUtc.Date;
                    Days++;
                }

                Models.Add((provider, model));
                Interactive |= r.Tags.Any(IsInteractiveTag);
                AnyBatch |= r.IsBatch;
                AnyCache |= r.CacheReadTokens + r.CacheWrite5mTokens + r.CacheWrite1hTokens > 0;
                MinInput = Math.Min(MinInput, r.InputTokens);
                UncachedInput += r.UncachedInputTokens;
                return gap;
            }

            public void AddPriced(TokenUsage tokens, ModelPrice price, bool batch, long costNano, TimeSpan? gap)
            {
                Priced++;
                CostNano = checked(CostNano + costNano);
                if (price.BatchMultiplier == null) NoBatchPrice = true;
                BatchCostNano = checked(BatchCostNano + (price.BatchMultiplier != null && !batch ? NanoCost(tokens, price, true) : costNano));
                var set = price.PricesFor(tokens.InputTokens, out _);
                if (set.CacheRead == null) NoCacheReadPrice = true;
                if (tokens.CacheWrite5mTokens == 0) return;
                if (set.CacheRead == null || set.CacheWrite1h == null)
                {
                    NoLongWritePrice = true;
                    return;
                }

                // A 5-minute write 5 to 60 minutes after the request before rewrote an expired cache: a 1-hour cache would
                // still hold it (a read). Every other 5-minute write becomes a 1-hour write.
                bool rewrite = gap.HasValue && gap.Value > ShortCacheLifetime && gap.Value <= LongCacheLifetime;
                var longer = rewrite
                    ? new TokenUsage(tokens.InputTokens, tokens.OutputTokens, tokens.CacheReadTokens + tokens.CacheWrite5mTokens, 0, tokens.CacheWrite1hTokens, tokens.ReasoningTokens)
                    : new TokenUsage(tokens.InputTokens, tokens.OutputTokens, tokens.CacheReadTokens, 0, tokens.CacheWrite1hTokens + tokens.CacheWrite5mTokens, tokens.ReasoningTokens);
                WriteRequests++;
                if (rewrite) Rewrites++;
                WriteCostNano = checked(WriteCostNano + costNano);
                LongWriteCostNano = checked(LongWriteCostNano + NanoCost(longer, price, batch));
            }
        }
    }
}
