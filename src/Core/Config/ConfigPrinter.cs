using System.Collections;
using System.Text;

namespace Mlops.Core.Config;

/// <summary>
/// Writes a bound config back as YAML that loads again to the same values. With provenance, each value
/// carries a comment saying where it came from (`# configs/quick.yaml:12`, `# command line`, `# default`).
/// Sections and maps are written in block style, lists on one line (`[0.9, 0.999]`, or one
/// `- {key: value}` line per item for lists of sections).
/// </summary>
public static class ConfigPrinter
{
    public static string ToYaml(object config, ConfigProvenance? provenance = null)
    {
        var lines = new List<(string Text, string? Comment)>();
        WriteSection(config, "", 0, provenance, lines);
        var width = Math.Min(
            48,
            lines.Where(line => line.Comment is not null).Select(line => line.Text.Length).DefaultIfEmpty(0).Max()
        );
        var builder = new StringBuilder();
        foreach (var (text, comment) in lines)
        {
            builder.Append(comment is null ? text : $"{text.PadRight(width)}  # {comment}");
            builder.Append('\n');
        }
        return builder.ToString();
    }

    private static void WriteSection(
        object section,
        string path,
        int depth,
        ConfigProvenance? provenance,
        List<(string, string?)> lines
    )
    {
        foreach (var property in ConfigSchema.PropertiesOf(section.GetType()))
            WriteEntry(property.Key, property.Property.GetValue(section), path, depth, provenance, lines);
    }

    private static void WriteEntry(
        string key,
        object? value,
        string path,
        int depth,
        ConfigProvenance? provenance,
        List<(string, string?)> lines
    )
    {
        var indent = new string(' ', depth * 2);
        var keyPath = path.Length == 0 ? key : $"{path}.{key}";
        var keyText = ConfigScalars.Quote(key);
        var comment = provenance?.SourceOf(keyPath).Description;
        switch (value)
        {
            case IDictionary { Count: > 0 } map:
                lines.Add(($"{indent}{keyText}:", null));
                foreach (DictionaryEntry entry in map)
                    WriteEntry((string)entry.Key, entry.Value, keyPath, depth + 1, provenance, lines);
                return;
            case IList { Count: > 0 } items when ConfigSchema.KindOf(items[0]!.GetType()) == ConfigValueKind.Section:
                lines.Add(($"{indent}{keyText}:", comment));
                foreach (var item in items)
                    lines.Add(($"{indent}  - {Flow(item)}", null));
                return;
            case not null when IsBlockSection(value):
                lines.Add(($"{indent}{keyText}:", null));
                WriteSection(value, keyPath, depth + 1, provenance, lines);
                return;
            default:
                lines.Add(($"{indent}{keyText}: {Flow(value)}", comment));
                return;
        }
    }

    private static bool IsBlockSection(object value) =>
        ConfigSchema.KindOf(value.GetType()) == ConfigValueKind.Section
        && (value as IConfigScalarForm)?.AsScalar() is null;

    /// <summary>A value on one line: scalars, `[a, b]`, `{key: value}`.</summary>
    private static string Flow(object? value) =>
        value switch
        {
            null or string => ConfigScalars.Format(value),
            IConfigScalarForm scalarForm when scalarForm.AsScalar() is { } scalar => scalar,
            IDictionary map => "{"
                + string.Join(
                    ", ",
                    map.Cast<DictionaryEntry>()
                        .Select(entry => $"{ConfigScalars.Quote((string)entry.Key)}: {Flow(entry.Value)}")
                )
                + "}",
            IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Flow)) + "]",
            _ when ConfigSchema.KindOf(value.GetType()) == ConfigValueKind.Section => "{"
                + string.Join(
                    ", ",
                    ConfigSchema
                        .PropertiesOf(value.GetType())
                        .Select(property => $"{property.Key}: {Flow(property.Property.GetValue(value))}")
                )
                + "}",
            _ => ConfigScalars.Format(value),
        };
}
