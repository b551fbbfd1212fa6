using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Mlops.Core.Config;

/// <summary>Reads YAML text into a <see cref="ConfigNode"/> tree, each node tagged with its file and line.</summary>
public static partial class YamlConfigReader
{
    /// <summary>Reads a config file; its root must be a mapping (an empty file is an empty mapping).</summary>
    public static ConfigMapping ReadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            var what =
                error is FileNotFoundException or DirectoryNotFoundException ? "config file not found"
                : Directory.Exists(path) ? "this is a folder; give a YAML file (e.g. configs/quick.yaml)"
                : $"cannot read the config file: {error.Message}";
            throw new ConfigException(new ConfigError("", ConfigSource.InFile(path, 0), what));
        }
        return ReadDocument(text, path);
    }

    /// <summary>Reads YAML text whose root must be a mapping; <paramref name="fileName"/> names it in
    /// locations.</summary>
    public static ConfigMapping ReadDocument(string text, string fileName)
    {
        var root = Parse(text, line => ConfigSource.InFile(fileName, line), "");
        if (root is null)
            return new ConfigMapping(ConfigSource.InFile(fileName, 1));
        if (root is ConfigMapping mapping)
            return mapping;
        throw new ConfigException(
            new ConfigError(
                "",
                root.Source,
                $"expected a mapping of keys to values at the top of the file, got {root.Describe()}"
            )
        );
    }

    /// <summary>Reads one value written on the command line (`0.1`, `[1, 2]`, `{a: 1}`); empty text is null.</summary>
    public static ConfigNode ReadCommandLineValue(string text, string keyPath) =>
        Parse(text, _ => ConfigSource.CommandLine, keyPath) ?? new ConfigScalar(null, false, ConfigSource.CommandLine);

    private static ConfigNode? Parse(string text, Func<int, ConfigSource> sourceAt, string keyPath)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException error)
        {
            var message = MarkPrefix().Replace(error.Message, "");
            throw new ConfigException(
                new ConfigError(keyPath, sourceAt(checked((int)error.Start.Line)), $"invalid YAML: {message}")
            );
        }
        if (stream.Documents.Count == 0)
            return null;
        if (stream.Documents.Count > 1)
            throw new ConfigException(
                new ConfigError(
                    keyPath,
                    sourceAt(checked((int)stream.Documents[1].RootNode.Start.Line)),
                    "expected one YAML document, found several (---)"
                )
            );
        return Convert(stream.Documents[0].RootNode, sourceAt);
    }

    private static ConfigNode Convert(YamlNode node, Func<int, ConfigSource> sourceAt)
    {
        var source = sourceAt(checked((int)node.Start.Line));
        switch (node)
        {
            case YamlScalarNode scalar:
                var quoted =
                    scalar.Style
                    is ScalarStyle.SingleQuoted
                        or ScalarStyle.DoubleQuoted
                        or ScalarStyle.Literal
                        or ScalarStyle.Folded;
                return new ConfigScalar(
                    !quoted && IsNullLiteral(scalar.Value) ? null : scalar.Value ?? "",
                    quoted,
                    source
                );
            case YamlSequenceNode sequence:
                return new ConfigSequence(sequence.Children.Select(child => Convert(child, sourceAt)).ToList(), source);
            case YamlMappingNode mapping:
                var result = new ConfigMapping(source);
                foreach (var (key, value) in mapping.Children)
                {
                    var keyText = key is YamlScalarNode keyScalar ? keyScalar.Value ?? "" : key.ToString();
                    result.Set(
                        new ConfigEntry(keyText, sourceAt(checked((int)key.Start.Line)), Convert(value, sourceAt))
                    );
                }
                return result;
            default:
                return new ConfigScalar(node.ToString(), false, source);
        }
    }

    private static bool IsNullLiteral(string? value) => value is null or "" or "~" or "null" or "Null" or "NULL";

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex MarkPrefix();
}
