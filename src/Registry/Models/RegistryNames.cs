using System.Text.RegularExpressions;
using Mlops.Core.Artifacts;
using Mlops.Core.Errors;

namespace Mlops.Registry.Models;

/// <summary>
/// What model, alias, tag and file names may be: they become object-name segments, so no '/', '..',
/// spaces or control characters — a name can never reach outside its model's folder.
/// </summary>
public static partial class RegistryNames
{
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")]
    private static partial Regex Safe();

    public static string Model(string name) => Check(name, "model name");

    public static string Alias(string name)
    {
        Check(name, "alias");
        if (name.All(char.IsAsciiDigit))
            throw new MlopsException(
                "an alias cannot be a number (numbers are versions)",
                $"alias '{Printable(name)}'"
            );
        return name;
    }

    public static string TagKey(string name) => Check(name, "tag key");

    public static string File(string name)
    {
        Check(name, "file name");
        if (name == ArtifactNames.ModelCard)
            throw new MlopsException($"'{ArtifactNames.ModelCard}' is reserved for the model card", name);
        return name;
    }

    private static string Check(string name, string what)
    {
        if (!Safe().IsMatch(name) || name.Contains(".."))
            throw new MlopsException(
                $"invalid {what} '{Printable(name)}': use 1-128 letters, digits, '.', '_' or '-', starting with a "
                    + $"letter or digit (no '/', '..', spaces or control characters)",
                what
            );
        return name;
    }

    /// <summary>Shows control characters as \uXXXX so an error message cannot be garbled by the name it
    /// reports.</summary>
    public static string Printable(string text) =>
        string.Concat(text.Select(ch => char.IsControl(ch) ? $"\\u{(int)ch:X4}" : ch.ToString()));
}
