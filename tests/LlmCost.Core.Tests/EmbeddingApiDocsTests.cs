using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Xml.Linq;
using LlmCost.Core.Budgets;
using LlmCost.Core.Tracking;
using LlmCost.Core.Usage;

namespace LlmCost.Core.Tests
{
    /// <summary>
    /// The embedding API is documented: every public member of its types is named in docs/api.md and has an XML
    /// comment in the documentation file the build writes beside LlmCost.Core.dll.
    /// </summary>
    public sealed class EmbeddingApiDocsTests
    {
        private static readonly Type[] ApiTypes =
        {
            typeof(CostTracker), typeof(CostTrackerOptions), typeof(CostTrackingHandler), typeof(BudgetGate), typeof(IBudgetGate),
            typeof(RequestScope), typeof(BudgetExceededException), typeof(UsageRecord), typeof(TokenUsage), typeof(LlmCostVersion),
        };

        private static MemberInfo[] PublicMembers(Type t) => t
            .GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(m => !(m is MethodInfo mi && mi.IsSpecialName)) // property accessors
            .Where(m => !(m is ConstructorInfo c && c.GetParameters().Length == 0)) // the implicit 'new Options()'; nothing to document
            .Where(m => !(m is MethodInfo { Name: "Equals" or "GetHashCode" or "ToString" } && t != typeof(TokenUsage)))
            .Concat(t.GetMethods(BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly).Where(m => m.IsFamily && !m.IsSpecialName))
            .ToArray();

        [Fact]
        public void EveryPublicMember_IsNamedInDocsApi()
        {
            string doc = File.ReadAllText(Path.Combine(RepoRoot(), "docs", "api.md"));
            var missing = ApiTypes.SelectMany(t => PublicMembers(t).Select(m => (Type: t, Name: m is ConstructorInfo ? t.Name : m.Name)))
                // Named as `Member…`, `Type.Member…` or in a list `Type.A`, `B`, …
                .Where(x => !doc.Contains("`" + x.Name, StringComparison.Ordinal) && !doc.Contains("." + x.Name, StringComparison.Ordinal))
                .Select(x => x.Type.Name + "." + x.Name)
                .Distinct()
                .ToList();
            Assert.True(missing.Count == 0, "docs/api.md does not name: " + string.Join(", ", missing));
        }

        [Fact]
        public void EveryPublicMember_HasAnXmlComment()
        {
            string xmlFile = Path.ChangeExtension(typeof(CostTracker).Assembly.Location, ".xml");
            Assert.True(File.Exists(xmlFile), $"{xmlFile} is missing: LlmCost.Core must build with GenerateDocumentationFile");
            var documented = XDocument.Load(xmlFile).Descendants("member").Select(m => (string)m.Attribute("name")!).ToList();
            foreach (var t in ApiTypes)
            {
                Assert.Contains("T:" + t.FullName, documented);
                foreach (var m in PublicMembers(t).Where(m => m is PropertyInfo || m is FieldInfo))
                {
                    string prefix = m is PropertyInfo ? "P:" : "F:";
                    Assert.Contains(prefix + t.FullName + "." + m.Name, documented);
                }

                foreach (var m in PublicMembers(t).OfType<MethodBase>())
                {
                    string name = m is ConstructorInfo ? "#ctor" : m.Name;
                    Assert.True(documented.Any(d => d.StartsWith("M:" + t.FullName + "." + name, StringComparison.Ordinal)),
                        $"{t.Name}.{name} has no XML comment");
                }
            }
        }

        internal static string RepoRoot()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "LlmCost.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("LlmCost.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
