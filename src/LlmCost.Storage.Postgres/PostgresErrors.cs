using System;
using System.Net.Sockets;
using LlmCost.Core;
using LlmCost.Core.Storage;
using Npgsql;

namespace LlmCost.Storage.Postgres
{
    /// <summary>What a failure to reach or use the PostgreSQL store means, in one line with what to do.</summary>
    internal static class PostgresErrors
    {
        public static StoreException? Explain(Exception ex, string display)
        {
            switch (ex)
            {
                case PostgresException pg when pg.SqlState == "28P01" || pg.SqlState == "28000":
                    return new StoreException("StoreAccessDenied",
                        $"The PostgreSQL store {display} refused the login: {pg.MessageText}. Give the password through PGPASSWORD or a .pgpass file.", ex);
                case PostgresException pg when pg.SqlState == "3D000":
                    return new StoreException("StoreNotFound", $"The PostgreSQL store {display} does not exist: {pg.MessageText}. Create the database first (docs/team-store.md).", ex);
                case PostgresException pg when pg.SqlState == "42501":
                    return new StoreException("StoreAccessDenied", $"The PostgreSQL role lacks a permission on {display}: {pg.MessageText} (docs/team-store.md lists the grants).", ex);
                case PostgresException pg when pg.SqlState == "22003":
                    return new StoreException("TotalOutOfRange",
                        "The total is larger than LlmCost can represent (9.2 billion USD in nano-USD): narrow the query, and check the store for corrupt counts.", ex);
                case PostgresException pg when IsConflict(pg):
                    // Reached only after RetryingConflicts gave up: say so, not "cannot reach".
                    return new StoreException("StoreBusy",
                        $"The PostgreSQL store {display} kept failing against other writers ({pg.MessageText}, SQLSTATE {pg.SqlState}) {ConflictAttempts} times in a row. " +
                        "That transaction was rolled back and nothing of it stored; run the command again.", ex);
                case NpgsqlException n when n.InnerException is SocketException || n.InnerException is TimeoutException || n.IsTransient:
                    return new StoreException("StoreUnreachable", $"Cannot reach the PostgreSQL store {display}: {n.InnerException?.Message ?? n.Message}", ex);
                case NpgsqlException n:
                    return new StoreException("StoreOpenFailed", $"The PostgreSQL store {display} failed: {n.Message}", ex);
                default:
                    return null;
            }
        }

        /// <summary>Runs <paramref name="action"/>; a database failure becomes a <see cref="StoreException"/> that names the store.</summary>
        public static T Guard<T>(string display, Func<T> action)
        {
            try
            {
                return action();
            }
            catch (Exception ex) when (!(ex is StoreException) && Explain(ex, display) is StoreException clear)
            {
                throw clear;
            }
        }

        public static void Guard(string display, Action action) => Guard(display, () =>
        {
            action();
            return 0;
        });

        /// <summary>How many times <see cref="RetryingConflicts{T}(Func{T})"/> runs a transaction that keeps losing.</summary>
        private const int ConflictAttempts = 5;

        /// <summary>A deadlock's victim or a serialization failure: rolled back whole, so safe to run again.</summary>
        private static bool IsConflict(PostgresException ex) => ex.SqlState == "40P01" || ex.SqlState == "40001";

        /// <summary>
        /// Runs a write transaction again when PostgreSQL chose it as the victim of a deadlock or a serialization
        /// failure (it was rolled back whole, so running it again is safe), up to <see cref="ConflictAttempts"/> times.
        /// </summary>
        public static T RetryingConflicts<T>(Func<T> transaction)
        {
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    return transaction();
                }
                catch (PostgresException ex) when (IsConflict(ex) && attempt < ConflictAttempts)
                {
                    System.Threading.Thread.Sleep(10 * attempt);
                }
            }
        }

        /// <summary>As <see cref="RetryingConflicts{T}(Func{T})"/>, for a transaction with nothing to return.</summary>
        public static void RetryingConflicts(Action transaction) => RetryingConflicts(() =>
        {
            transaction();
            return 0;
        });
    }
}
