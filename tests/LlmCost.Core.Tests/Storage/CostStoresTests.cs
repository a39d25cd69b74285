using LlmCost.Core.Storage;

namespace LlmCost.Core.Tests.StoreContract
{
    public sealed class CostStoresTests
    {
        [Theory]
        [InlineData("Host=db.internal;Port=5432;Username=ci;Password=s3cret;Database=llmcost", "Host=db.internal;Port=5432;Username=ci;Password=***;Database=llmcost")]
        [InlineData("host=db;pwd=s3cret;database=x", "host=db;pwd=***;database=x")]
        [InlineData("postgresql://ci:s3cret@db.internal:5432/llmcost?sslmode=verify-full", "postgresql://ci@db.internal:5432/llmcost?sslmode=verify-full")]
        [InlineData("postgres://db.internal/llmcost?user=ci&password=s3cret", "postgres://db.internal/llmcost?user=ci&password=***")]
        [InlineData("/home/me/.local/share/llmcost/llmcost.db", "/home/me/.local/share/llmcost/llmcost.db")]
        public void Describe_NeverShowsAPassword(string database, string shown)
        {
            Assert.Equal(shown, CostStores.Describe(database));
            Assert.DoesNotContain("s3cret", CostStores.Describe(database));
        }
    }
}
