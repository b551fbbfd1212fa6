using System.Text.Json;
using Mlops.Core.Hashing;

namespace Mlops.Cli.Pipeline;

/// <summary>The hash of a config section as bound (so comments and key order in the YAML do not matter).</summary>
public static class SectionHash
{
    public static string Of(object section) =>
        ContentHash.OfString(JsonSerializer.Serialize(section, section.GetType()));
}
