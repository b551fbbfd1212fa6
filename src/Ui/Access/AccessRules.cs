using Mlops.Core.Config;

namespace Mlops.Ui.Access;

/// <summary>
/// `mlops ui --access access.yaml`: who may move which alias. Each alias ("*" for any alias without its own rule)
/// lists who may promote or roll it back: <c>anyone</c> signed in, <c>user:alice@example.com</c>,
/// <c>group:release-managers</c> (from the provider's groups claim) or <c>domain:example.com</c> (the verified
/// hosted domain, Google's <c>hd</c>).
/// </summary>
public sealed class AccessRules : IValidatedConfig
{
    public const string AnyAlias = "*";

    public Dictionary<string, List<string>> Aliases { get; set; } = [];

    public IEnumerable<ConfigIssue> Validate()
    {
        foreach (var (alias, principals) in Aliases)
        {
            if (principals.Count == 0)
                yield return new ConfigIssue($"aliases.{alias}", "lists nobody: name who may move it, or remove it");
            foreach (var principal in principals)
                if (AccessPrincipal.Parse(principal) is null)
                    yield return new ConfigIssue(
                        $"aliases.{alias}",
                        $"'{principal}' is not anyone, user:<name>, group:<name> or domain:<domain>"
                    );
        }
    }
}
