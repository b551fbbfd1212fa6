using Mlops.Core.Errors;
using Mlops.Registry.Models;
using Mlops.Registry.Stores;
using Mlops.Registry.Stores.Local;

namespace Mlops.Serve.Models;

/// <summary>
/// Turns what the user typed into named sources: "name=path.onnx", "path.onnx" (named after the file),
/// "fashion@production" / "fashion:3" / "name=fashion@production" (registry references).
/// </summary>
public static class ModelSources
{
    public static List<(string Name, IModelSource Source)> Parse(
        ServeOptions options,
        Func<IBlobStore>? openRegistry = null
    )
    {
        IBlobStore? store = null;
        var result = new List<(string, IModelSource)>();
        foreach (var spec in options.Models)
        {
            var equals = spec.IndexOf('=');
            var target = equals >= 0 ? spec[(equals + 1)..] : spec;
            if (target.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) || File.Exists(target))
            {
                var name = equals >= 0 ? spec[..equals] : Path.GetFileNameWithoutExtension(target);
                result.Add((CheckName(name, spec), new FileModelSource(target)));
                continue;
            }

            var reference = ModelRef.Parse(target);
            store ??= openRegistry?.Invoke() ?? Open(options.Registry);
            result.Add(
                (
                    CheckName(equals >= 0 ? spec[..equals] : reference.Model, spec),
                    new RegistryModelSource(store, reference, options.CacheFolder)
                )
            );
        }

        if (result.Count == 0)
            throw new MlopsException(
                "no model to serve: give --model name=path.onnx or --model fashion@production",
                "--model"
            );
        return result;
    }

    /// <summary>
    /// Opens the registry (file://folder, gs://bucket/prefix, or a plain folder) as the CLI does: default
    /// $MLOPS_REGISTRY, then the registry's default; a folder named by --registry or the variable must exist.
    /// </summary>
    public static IBlobStore Open(string? uri) => OpenBucket(RegistryLocation.Resolve(uri, "--registry"));

    /// <summary>Opens a bucket by URI or plain folder, as it is (the drift upload's destination).</summary>
    public static IBlobStore OpenBucket(string location) =>
        location.Contains("://", StringComparison.Ordinal)
            ? BlobStoreFactory.Open(location)
            : new LocalBlobStore(location);

    private static string CheckName(string name, string spec) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? name
            : throw new MlopsException(
                $"model name '{name}' may hold only letters, digits, '-', '_' and '.'",
                $"--model {spec}"
            );
}
