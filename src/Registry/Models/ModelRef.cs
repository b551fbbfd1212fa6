using Mlops.Core.Errors;

namespace Mlops.Registry.Models;

/// <summary>A reference to a model version: "name" (latest), "name:3" (a version) or "name@production" (an
/// alias).</summary>
public sealed record ModelRef(string Model, int? Version = null, string? Alias = null)
{
    public static ModelRef Parse(string text)
    {
        var at = text.IndexOf('@');
        if (at >= 0)
            return new ModelRef(RegistryNames.Model(text[..at]), Alias: RegistryNames.Alias(text[(at + 1)..]));
        var colon = text.IndexOf(':');
        if (colon >= 0)
        {
            if (!int.TryParse(text[(colon + 1)..], out var version) || version <= 0)
                throw new MlopsException(
                    $"'{RegistryNames.Printable(text)}': the version after ':' must be a positive number",
                    "model reference"
                );
            return new ModelRef(RegistryNames.Model(text[..colon]), version);
        }
        return new ModelRef(RegistryNames.Model(text));
    }

    public override string ToString() =>
        Alias is not null ? $"{Model}@{Alias}"
        : Version is not null ? $"{Model}:{Version}"
        : Model;
}
