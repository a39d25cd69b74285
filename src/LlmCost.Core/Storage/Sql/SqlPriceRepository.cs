using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using LlmCost.Core.Money;
using LlmCost.Core.Pricing;
using LlmCost.Core.Time;
using System.Data.Common;

namespace LlmCost.Core.Storage.Sql
{
    /// <summary><see cref="IPriceRepository"/> for every engine: custom prices in model_prices, and the price book kept current with them.</summary>
    internal sealed class SqlPriceRepository
    {
        private readonly SqlEngine _engine;
        private readonly object _priceLock = new object();
        private readonly PriceCatalog? _givenCatalog;
        private PriceBook? _prices;
        private (long Count, long MaxId, long CatalogId) _priceVersion;
        private PriceCatalog? _storedCatalog;

        /// <param name="engine">The store whose custom prices are read and written.</param>
        /// <param name="catalog">The catalog; null: the built-in one, loaded on first use (a cost query never needs it).</param>
        public SqlPriceRepository(SqlEngine engine, PriceCatalog? catalog)
        {
            _engine = engine;
            _givenCatalog = catalog;
        }

        /// <summary>The catalog given, else the one kept in the store (Update-LlmModelPrice), else the built-in one.</summary>
        public PriceCatalog Catalog
        {
            get
            {
                if (_givenCatalog != null) return _givenCatalog;
                if (_prices == null) RefreshPricesIfChanged();
                return _storedCatalog ?? PriceCatalog.Builtin;
            }
        }

        /// <summary>The catalog overlaid with the stored custom prices, re-read when they changed (also from another process).</summary>
        public PriceBook Prices
        {
            get
            {
                RefreshPricesIfChanged();
                return _prices!;
            }
        }

        public ModelPrice AddPrice(ModelPrice price)
        {
            long id;
            using (var conn = _engine.Open())
            using (var tx = _engine.BeginWrite(conn))
            {
                id = InsertPrice(conn, tx, price);
                tx.Commit();
            }

            RefreshPricesIfChanged();
            return GetCustomPrices().First(x => x.Id == id);
        }

        /// <summary>
        /// Adds many prices in one transaction. A price identical to the stored custom price for the same provider,
        /// model and effective date is skipped, so importing the same file twice changes nothing. When the input names
        /// the same provider, model and date twice, the first wins.
        /// </summary>
        public (int Added, int Unchanged) AddPrices(IEnumerable<ModelPrice> prices, Action<ModelPrice, bool>? onEach = null)
        {
            int added = 0, unchanged = 0;
            using (var conn = _engine.Open())
            using (var tx = _engine.BeginWrite(conn))
            {
                var existing = ReadCustomPrices(conn, tx)
                    .GroupBy(p => (PriceCatalog.NormalizeProvider(p.Provider), p.Model.ToLowerInvariant(), p.EffectiveFrom))
                    .ToDictionary(g => g.Key, g => g.OrderByDescending(p => p.Id).First());
                var seen = new HashSet<(string, string, DateTime?)>();
                foreach (var price in prices)
                {
                    string provider = PriceCatalog.NormalizeProvider(price.Provider ?? "");
                    string model = Catalog.NormalizeModel(provider, price.Model ?? "", out _);
                    var key = (provider, model.ToLowerInvariant(), price.EffectiveFrom);
                    if (!seen.Add(key) || (existing.TryGetValue(key, out var old) && SamePrices(old, price)))
                    {
                        unchanged++;
                        onEach?.Invoke(price, false);
                        continue;
                    }

                    InsertPrice(conn, tx, price);
                    added++;
                    onEach?.Invoke(price, true);
                }

                tx.Commit();
            }

            RefreshPricesIfChanged();
            return (added, unchanged);
        }

        private static bool SamePrices(ModelPrice a, ModelPrice b)
        {
            static string Key(PriceSet s) => string.Join("|", Nano.FromDecimal(s.Input), Nano.FromDecimal(s.Output), s.CacheRead.HasValue ? Nano.FromDecimal(s.CacheRead.Value) : -1,
                s.CacheWrite5m.HasValue ? Nano.FromDecimal(s.CacheWrite5m.Value) : -1, s.CacheWrite1h.HasValue ? Nano.FromDecimal(s.CacheWrite1h.Value) : -1,
                s.Reasoning.HasValue ? Nano.FromDecimal(s.Reasoning.Value) : -1, s.PerRequest.HasValue ? Nano.FromDecimal(s.PerRequest.Value) : -1);
            return Key(a.Base) == Key(b.Base) && a.EffectiveTo == b.EffectiveTo && a.BatchMultiplier == b.BatchMultiplier &&
                   a.Tiers.Count == b.Tiers.Count && a.Tiers.Zip(b.Tiers, (x, y) => x.Threshold == y.Threshold && Key(x.Prices) == Key(y.Prices)).All(ok => ok) &&
                   a.ServiceTierPrices.Count == b.ServiceTierPrices.Count &&
                   a.ServiceTierPrices.All(kv => b.ServiceTierPrices.TryGetValue(kv.Key, out var other) && Key(kv.Value) == Key(other));
        }

        private long InsertPrice(DbConnection conn, DbTransaction tx, ModelPrice price)
        {
            if (price == null) throw new ArgumentNullException(nameof(price));
            price.ValidateCustom();
            string provider = PriceCatalog.NormalizeProvider(price.Provider);
            string model = Catalog.NormalizeModel(provider, price.Model, out _);
            using var cmd = conn.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText =
                "INSERT INTO model_prices (provider, model, effective_from, effective_to, currency, input_nano, cache_read_nano, cache_write_5m_nano, " +
                "cache_write_1h_nano, output_nano, reasoning_nano, per_request_nano, tiers, batch_multiplier, source, created_at) VALUES " +
                "(@p, @m, @f, @t, 'USD', @in, @cr, @cw5, @cw1, @out, @rea, @req, @tiers, @bm, @src, @now) RETURNING price_id";
            cmd.With("@p", provider);
            cmd.With("@m", model);
            cmd.With("@f", price.EffectiveFrom.HasValue ? UnixMs.From(price.EffectiveFrom.Value) : (long?)null);
            cmd.With("@t", price.EffectiveTo.HasValue ? UnixMs.From(price.EffectiveTo.Value) : (long?)null);
            var b = price.Base;
            cmd.With("@in", Nano.FromDecimal(b.Input));
            cmd.With("@cr", NanoOrNull(b.CacheRead));
            cmd.With("@cw5", NanoOrNull(b.CacheWrite5m));
            cmd.With("@cw1", NanoOrNull(b.CacheWrite1h));
            cmd.With("@out", Nano.FromDecimal(b.Output));
            cmd.With("@rea", NanoOrNull(b.Reasoning));
            cmd.With("@req", NanoOrNull(b.PerRequest));
            cmd.With("@tiers", price.Tiers.Count == 0 && price.ServiceTierPrices.Count == 0 ? null : SerializeTiers(price.Tiers, price.ServiceTierPrices));
            cmd.With("@bm", price.BatchMultiplier.HasValue ? price.BatchMultiplier.Value.ToString(CultureInfo.InvariantCulture) : null);
            cmd.With("@src", string.IsNullOrEmpty(price.Source) || price.Source == "builtin" ? "custom" : price.Source);
            cmd.With("@now", UnixMs.From(DateTime.UtcNow));
            return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        public IReadOnlyList<ModelPrice> GetCustomPrices()
        {
            using var conn = _engine.Open();
            return ReadCustomPrices(conn);
        }

        private static long? NanoOrNull(decimal? d) => d.HasValue ? Nano.FromDecimal(d.Value) : (long?)null;

        /// <summary>
        /// The tiers column: context tiers as {"threshold": N, prices...}, service tiers' own prices as
        /// {"serviceTier": "priority", prices...}, in one JSON array.
        /// </summary>
        private static string SerializeTiers(IReadOnlyList<PriceTier> tiers, IReadOnlyDictionary<string, PriceSet> serviceTiers)
        {
            using var ms = new MemoryStream();
            using (var w = new Utf8JsonWriter(ms))
            {
                void Prices(PriceSet p)
                {
                    WritePrice(w, "input", p.Input);
                    WritePrice(w, "output", p.Output);
                    WritePrice(w, "cacheRead", p.CacheRead);
                    WritePrice(w, "cacheWrite5m", p.CacheWrite5m);
                    WritePrice(w, "cacheWrite1h", p.CacheWrite1h);
                    WritePrice(w, "reasoning", p.Reasoning);
                    WritePrice(w, "perRequest", p.PerRequest);
                }

                w.WriteStartArray();
                foreach (var t in tiers)
                {
                    w.WriteStartObject();
                    w.WriteNumber("threshold", t.Threshold);
                    Prices(t.Prices);
                    w.WriteEndObject();
                }

                foreach (var kv in serviceTiers.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    w.WriteStartObject();
                    w.WriteString("serviceTier", kv.Key);
                    Prices(kv.Value);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            return Encoding.UTF8.GetString(ms.ToArray());
        }

        private static void WritePrice(Utf8JsonWriter w, string name, decimal? value)
        {
            if (value.HasValue) w.WriteString(name, value.Value.ToString(CultureInfo.InvariantCulture));
        }

        private static (IReadOnlyList<PriceTier> Tiers, Dictionary<string, PriceSet> ServiceTiers) DeserializeTiers(string? json)
        {
            var serviceTiers = new Dictionary<string, PriceSet>(StringComparer.Ordinal);
            if (string.IsNullOrEmpty(json)) return (Array.Empty<PriceTier>(), serviceTiers);
            using var doc = JsonDocument.Parse(json!);
            var tiers = new List<PriceTier>();
            foreach (var t in doc.RootElement.EnumerateArray())
            {
                var set = new PriceSet
                {
                    Input = Dec(t, "input") ?? 0m,
                    Output = Dec(t, "output") ?? 0m,
                    CacheRead = Dec(t, "cacheRead"),
                    CacheWrite5m = Dec(t, "cacheWrite5m"),
                    CacheWrite1h = Dec(t, "cacheWrite1h"),
                    Reasoning = Dec(t, "reasoning"),
                    PerRequest = Dec(t, "perRequest"),
                };
                if (t.TryGetProperty("serviceTier", out var name)) serviceTiers[name.GetString()!] = set;
                else tiers.Add(new PriceTier(t.GetProperty("threshold").GetInt64(), set));
            }

            return (tiers, serviceTiers);

            static decimal? Dec(JsonElement e, string n) =>
                e.TryGetProperty(n, out var v) ? decimal.Parse(v.GetString()!, NumberStyles.Number, CultureInfo.InvariantCulture) : (decimal?)null;
        }

        private static List<ModelPrice> ReadCustomPrices(DbConnection conn, DbTransaction? tx = null)
        {
            var list = new List<ModelPrice>();
            using var cmd = conn.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText =
                "SELECT price_id, provider, model, effective_from, effective_to, currency, input_nano, cache_read_nano, cache_write_5m_nano, " +
                "cache_write_1h_nano, output_nano, reasoning_nano, per_request_nano, tiers, batch_multiplier, source FROM model_prices ORDER BY price_id";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var set = new PriceSet
                {
                    Input = Nano.ToDecimal(r.GetInt64(6)),
                    CacheRead = r.IsDBNull(7) ? null : Nano.ToDecimal(r.GetInt64(7)),
                    CacheWrite5m = r.IsDBNull(8) ? null : Nano.ToDecimal(r.GetInt64(8)),
                    CacheWrite1h = r.IsDBNull(9) ? null : Nano.ToDecimal(r.GetInt64(9)),
                    Output = Nano.ToDecimal(r.GetInt64(10)),
                    Reasoning = r.IsDBNull(11) ? null : Nano.ToDecimal(r.GetInt64(11)),
                    PerRequest = r.IsDBNull(12) ? null : Nano.ToDecimal(r.GetInt64(12)),
                };
                var (tiers, serviceTiers) = DeserializeTiers(r.IsDBNull(13) ? null : r.GetString(13));
                list.Add(new ModelPrice(r.GetString(1), r.GetString(2), set)
                {
                    Id = r.GetInt64(0),
                    EffectiveFrom = r.IsDBNull(3) ? null : UnixMs.ToUtc(r.GetInt64(3)),
                    EffectiveTo = r.IsDBNull(4) ? null : UnixMs.ToUtc(r.GetInt64(4)),
                    Currency = r.GetString(5),
                    Tiers = tiers,
                    ServiceTierPrices = serviceTiers,
                    BatchMultiplier = r.IsDBNull(14) ? null : decimal.Parse(r.GetString(14), NumberStyles.Number, CultureInfo.InvariantCulture),
                    Source = r.GetString(15),
                });
            }

            return list;
        }

        public void RefreshPricesIfChanged()
        {
            using var conn = _engine.Open();
            using var cmd = conn.CreateCommand();
            cmd.CommandText = "SELECT COUNT(*), COALESCE(MAX(price_id), 0), (SELECT COALESCE(MAX(catalog_id), 0) FROM price_catalogs) FROM model_prices";
            (long, long, long) version;
            using (var r = cmd.ExecuteReader())
            {
                r.Read();
                version = (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2));
            }

            lock (_priceLock)
            {
                if (_prices != null && version == _priceVersion) return;
                if (_givenCatalog == null && version.Item3 != _priceVersion.CatalogId) _storedCatalog = version.Item3 == 0 ? null : ReadStoredCatalog(conn, version.Item3);
                _prices = new PriceBook(_givenCatalog ?? _storedCatalog ?? PriceCatalog.Builtin, ReadCustomPrices(conn));
                _priceVersion = version;
            }
        }

        private static PriceCatalog ReadStoredCatalog(DbConnection conn, long id)
        {
            using var cmd = conn.Command("SELECT catalog FROM price_catalogs WHERE catalog_id = @id").With("@id", id);
            string json = (string)cmd.ExecuteScalar()!;
            return PriceCatalog.Load(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        }

        public StoredCatalog SaveCatalog(CatalogUpdate update)
        {
            using (var conn = _engine.Open())
            using (var tx = _engine.BeginWrite(conn))
            {
                using var cmd = conn.Command("INSERT INTO price_catalogs (loaded_at, source, sha256, models, catalog) VALUES (@at, @src, @sha, @n, @json)", tx)
                    .With("@at", UnixMs.From(DateTime.UtcNow)).With("@src", update.Source).With("@sha", update.Sha256).With("@n", update.Models)
                    .With("@json", Encoding.UTF8.GetString(update.Catalog));
                cmd.ExecuteNonQuery();
                tx.Commit();
            }

            RefreshPricesIfChanged();
            return GetStoredCatalog()!;
        }

        public bool ResetCatalog()
        {
            int removed;
            using (var conn = _engine.Open())
            using (var cmd = conn.Command("DELETE FROM price_catalogs"))
            {
                removed = cmd.ExecuteNonQuery();
            }

            RefreshPricesIfChanged();
            return removed > 0;
        }

        public StoredCatalog? GetStoredCatalog()
        {
            using var conn = _engine.Open();
            using var cmd = conn.Command("SELECT catalog_id, loaded_at, source, sha256, models FROM price_catalogs ORDER BY catalog_id DESC LIMIT 1");
            using var r = cmd.ExecuteReader();
            if (!r.Read()) return null;
            return new StoredCatalog { Id = r.GetInt64(0), LoadedAtUtc = UnixMs.ToUtc(r.GetInt64(1)), Source = r.GetString(2), Sha256 = r.GetString(3), Models = r.GetInt32(4) };
        }
    }
}
