using System.Globalization;
using System.Text.Json;
using Mlops.Core.Artifacts;
using Mlops.Core.Errors;
using YamlDotNet.RepresentationModel;

namespace Mlops.Registry.Models;

/// <summary>
/// Turns a run folder (runs/&lt;name&gt;/ with config.yaml, evaluation.json, model.onnx, model.int8.onnx...)
/// or a list of explicit files into a <see cref="PushRequest"/>: artifacts, metrics, flattened config, lineage.
/// </summary>
public static class RunFolderReader
{
    private static readonly string[] ArtifactPatterns = ["*.onnx", "*.json", "*.yaml", "*.yml", "*.md"];

    public static PushRequest Read(
        string model,
        IReadOnlyList<string> paths,
        Lineage extraLineage,
        string? description = null
    )
    {
        if (paths.Count == 0)
            throw new MlopsException("give a run folder or files to push", "push");
        var files = new List<PushFile>();
        string? run = null;
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                run ??= new DirectoryInfo(path).Name;
                var found = ArtifactPatterns
                    .SelectMany(p => Directory.EnumerateFiles(path, p, SearchOption.TopDirectoryOnly))
                    .Distinct()
                    .Order(StringComparer.Ordinal)
                    .ToList();
                if (found.Count == 0)
                    throw new MlopsException("the run folder holds no model, config or report files", path);
                files.AddRange(found.Select(f => new PushFile(f, Path.GetFileName(f))));
            }
            else if (File.Exists(path))
                files.Add(new PushFile(path, Path.GetFileName(path)));
            else
                throw new MlopsException("no such run folder or file", path);
        }

        var metrics = new Dictionary<string, double>();
        var config = new Dictionary<string, string>();
        var lineageFields = new Dictionary<string, string>();
        foreach (var file in files)
        {
            if (file.Name is ArtifactNames.Evaluation)
                ReadMetrics(file.SourcePath, metrics);
            if (file.Name is ArtifactNames.Config or "config.yml")
                FlattenYaml(file.SourcePath, config);
            if (file.Name.EndsWith(".json", StringComparison.Ordinal))
                FindLineage(file.SourcePath, lineageFields);
        }
        var lineage = new Lineage
        {
            Run = extraLineage.Run ?? run,
            GitCommit = extraLineage.GitCommit ?? lineageFields.GetValueOrDefault("gitcommit"),
            DataFingerprint = extraLineage.DataFingerprint ?? lineageFields.GetValueOrDefault("datafingerprint"),
            ParentVersion = extraLineage.ParentVersion,
        };
        return new PushRequest
        {
            Model = model,
            Files = files,
            Metrics = metrics,
            Config = config,
            Lineage = lineage,
            Description = description,
        };
    }

    /// <summary>Numbers at the top of evaluation.json, and inside its "metrics" object, are the version's
    /// metrics.</summary>
    private static void ReadMetrics(string path, Dictionary<string, double> metrics)
    {
        using var document = Parse(path);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
            throw new MlopsException("evaluation.json must be a JSON object", path);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Number)
                metrics[property.Name] = property.Value.GetDouble();
            if (property.Name == "metrics" && property.Value.ValueKind == JsonValueKind.Object)
                foreach (
                    var inner in property.Value.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number)
                )
                    metrics[inner.Name] = inner.Value.GetDouble();
        }
    }

    /// <summary>Looks for git commit and data fingerprint fields (any casing: git_commit, gitCommit...) anywhere in a
    /// JSON report.</summary>
    private static void FindLineage(string path, Dictionary<string, string> found)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException)
        {
            return;
        } // not every .json in a run folder is ours to understand
        using (document)
            Walk(document.RootElement, found);

        static void Walk(JsonElement element, Dictionary<string, string> found)
        {
            if (element.ValueKind != JsonValueKind.Object)
                return;
            foreach (var property in element.EnumerateObject())
            {
                var key = property.Name.Replace("_", "").ToLowerInvariant();
                if (key is "gitcommit" or "datafingerprint" && property.Value.ValueKind == JsonValueKind.String)
                    found.TryAdd(key, property.Value.GetString()!);
                Walk(property.Value, found);
            }
        }
    }

    /// <summary>config.yaml as "a.b.c" → scalar text, so two versions' configs can be compared key by key.</summary>
    public static void FlattenYaml(string path, Dictionary<string, string> into)
    {
        var yaml = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            yaml.Load(reader);
        }
        catch (YamlDotNet.Core.YamlException error)
        {
            throw new MlopsException($"config is not valid YAML: {error.Message}", $"{path}:{error.Start.Line}", error);
        }
        if (yaml.Documents.Count > 0)
            Flatten(yaml.Documents[0].RootNode, "", into);
    }

    private static void Flatten(YamlNode node, string path, Dictionary<string, string> into)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                    Flatten(value, path.Length == 0 ? key.ToString() : $"{path}.{key}", into);
                break;
            case YamlSequenceNode sequence:
                for (var i = 0; i < sequence.Children.Count; i++)
                    Flatten(sequence.Children[i], $"{path}[{i.ToString(CultureInfo.InvariantCulture)}]", into);
                break;
            case YamlScalarNode scalar:
                into[path] = scalar.Value ?? "";
                break;
        }
    }

    private static JsonDocument Parse(string path)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException error)
        {
            throw new MlopsException($"not valid JSON: {error.Message}", path, error);
        }
    }
}
