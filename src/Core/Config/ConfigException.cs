using Mlops.Core.Errors;

namespace Mlops.Core.Config;

/// <summary>
/// A config that cannot be used, raised before any work starts. Carries every problem found, so a user
/// fixes them all in one go; the first one is the message and <see cref="MlopsException.Where"/>.
/// </summary>
public sealed class ConfigException : MlopsException
{
    public ConfigException(IReadOnlyList<ConfigError> errors)
        : base(Describe(errors), errors[0].Where)
    {
        Errors = errors;
    }

    public ConfigException(ConfigError error)
        : this([error]) { }

    public IReadOnlyList<ConfigError> Errors { get; }

    private static string Describe(IReadOnlyList<ConfigError> errors)
    {
        if (errors.Count == 0)
            throw new ArgumentException("at least one error is needed", nameof(errors));
        var more = errors.Skip(1).Select(error => $"\n  {error}");
        return errors[0].Message + string.Concat(more);
    }
}
