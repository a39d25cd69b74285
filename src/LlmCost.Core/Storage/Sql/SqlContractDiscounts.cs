using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Globalization;
using LlmCost.Core.Pricing;
using LlmCost.Core.Time;

namespace LlmCost.Core.Storage.Sql
{
    /// <summary>The contract_discounts table for every engine.</summary>
    internal static class SqlContractDiscounts
    {
        public static ContractDiscount Add(DbConnection conn, ContractDiscount d)
        {
            d.Validate();
            using var cmd = conn.Command("INSERT INTO contract_discounts (provider, model, percent, effective_from, effective_to, note, created_at) " +
                                         "VALUES (@p, @m, @pct, @f, @t, @n, @at) RETURNING discount_id")
                .With("@p", d.Provider.Trim().ToLowerInvariant()).With("@m", string.IsNullOrWhiteSpace(d.Model) ? null : d.Model!.Trim())
                .With("@pct", d.Percent.ToString(CultureInfo.InvariantCulture))
                .With("@f", d.EffectiveFrom.HasValue ? UnixMs.From(d.EffectiveFrom.Value) : (long?)null)
                .With("@t", d.EffectiveTo.HasValue ? UnixMs.From(d.EffectiveTo.Value) : (long?)null)
                .With("@n", d.Note).With("@at", UnixMs.From(DateTime.UtcNow));
            long id = Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
            return All(conn).Find(x => x.Id == id)!;
        }

        public static List<ContractDiscount> All(DbConnection conn)
        {
            using var cmd = conn.Command("SELECT discount_id, provider, model, percent, effective_from, effective_to, note FROM contract_discounts ORDER BY discount_id");
            var list = new List<ContractDiscount>();
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                list.Add(new ContractDiscount
                {
                    Id = r.GetInt64(0),
                    Provider = r.GetString(1),
                    Model = r.IsDBNull(2) ? null : r.GetString(2),
                    Percent = decimal.Parse(r.GetString(3), NumberStyles.Number, CultureInfo.InvariantCulture),
                    EffectiveFrom = r.IsDBNull(4) ? (DateTime?)null : UnixMs.ToUtc(r.GetInt64(4)),
                    EffectiveTo = r.IsDBNull(5) ? (DateTime?)null : UnixMs.ToUtc(r.GetInt64(5)),
                    Note = r.IsDBNull(6) ? null : r.GetString(6),
                });
            }

            return list;
        }

        public static bool Remove(DbConnection conn, long id)
        {
            using var cmd = conn.Command("DELETE FROM contract_discounts WHERE discount_id = @id").With("@id", id);
            return cmd.ExecuteNonQuery() > 0;
        }
    }
}
