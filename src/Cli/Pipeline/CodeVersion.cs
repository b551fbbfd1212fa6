using System.Collections.Concurrent;
using System.Reflection;
using Mlops.Core.Hashing;

namespace Mlops.Cli.Pipeline;

/// <summary>
/// A stage's code version: the sha256 of its assembly (builds are deterministic, so the same sources give the
/// same bytes). Works without git, and a change anywhere in src/&lt;Stage&gt; reruns that stage.
/// </summary>
public static class CodeVersion
{
    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);

    public static string Of(Assembly assembly) =>
        Cache.GetOrAdd(assembly.Location, location =>
            location.Length == 0 ? assembly.ManifestModule.ModuleVersionId.ToString() : ContentHash.OfFile(location)
        );

    public static string Of<T>() => Of(typeof(T).Assembly);
}
