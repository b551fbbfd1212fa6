using Mlops.Core.Config;
using Mlops.Ui.SignIn;

namespace Mlops.Ui.Access;

/// <summary>
/// Decides whether a signed-in user may move an alias, by the rules of `--access` (without one, anyone signed in
/// may). A refusal names the rule and where it is written, so the user knows whom to ask.
/// </summary>
public sealed class AccessPolicy
{
    private readonly AccessRules? _rules;
    private readonly ConfigProvenance? _provenance;

    private AccessPolicy(AccessRules? rules, ConfigProvenance? provenance)
    {
        _rules = rules;
        _provenance = provenance;
    }

    public static AccessPolicy AnyoneSignedIn { get; } = new(null, null);

    /// <summary>Reads the rules file; a mistake in it stops the console before it starts, naming key and
    /// line.</summary>
    public static AccessPolicy Load(string path)
    {
        var loaded = ConfigLoader.Load<AccessRules>(path);
        return new AccessPolicy(loaded.Value, loaded.Provenance);
    }

    /// <returns>Why <paramref name="user"/> may not move <paramref name="alias"/>, or null when they may.</returns>
    public string? Refusal(ConsoleUser user, string alias)
    {
        if (_rules is null)
            return null;
        var key = _rules.Aliases.ContainsKey(alias) ? alias : AccessRules.AnyAlias;
        if (!_rules.Aliases.TryGetValue(key, out var allowed))
            return $"no access rule names alias '{alias}' and there is no '{AccessRules.AnyAlias}' rule, so nobody "
                + "may move it";
        if (allowed.Select(AccessPrincipal.Parse).Any(principal => principal!.Includes(user)))
            return null;
        return $"rule {_provenance!.Locate($"aliases.{key}")} allows {string.Join(", ", allowed)}; {user} is not "
            + "one of them";
    }

    /// <summary>The rules as the registry page shows them next to its forms.</summary>
    public IReadOnlyList<string> Describe() =>
        _rules is null
            ? ["anyone signed in may move any alias"]
            : _rules.Aliases.Select(rule => $"{rule.Key}: {string.Join(", ", rule.Value)}").ToList();
}
