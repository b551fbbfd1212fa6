namespace Mlops.Core.Config;

/// <summary>
/// A config section with rules the attributes cannot express (one key depending on another). The binder
/// calls <see cref="Validate"/> after binding the section and reports each issue at the key's location.
/// </summary>
public interface IValidatedConfig
{
    IEnumerable<ConfigIssue> Validate();
}

/// <summary>A problem with one key of a section; <paramref name="Key"/> is relative to the section ("lr",
/// "augment.horizontal_flip").</summary>
public sealed record ConfigIssue(string Key, string Message);
