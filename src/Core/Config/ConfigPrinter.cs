using System.Collections;
using System.Text;

namespace Mlops.Core.Config;

/// <summary>
/// Writes a bound config back as YAML that loads again to the same values. With provenance, each value
/// carries a comment saying where it came from (`# configs/quick.yaml:12`, `# command line`, `# default`).
/// </summary>
public static class ConfigPrinter
{
    public static string ToYaml(object config, ConfigProvenance? provenance = null)
    {
        var lines = new List<(string Text, string? Comment)>();
        WriteSection(config, "", 0, provenance, lines);
        var width = Math.Min(48, lines.Where(line => line.Comment is not null).Select(line => line.Text.Length).DefaultIfEmpty(0).Max());
        var builder = new StringBuilder();
        foreach (var (text, comment) in lines)
        {
            builder.Append(comment is null ? text : $"{text.PadRight(width)}  # {comment}");
            builder.Append('\n');
        }
        return builder.ToString();
    }

    private static void WriteSection(object section, string path, int depth, ConfigProvenance? provenance, List<(string, string?)> lines)
    {
        var indent = new string(' ', depth * 2);
        foreach (var property in ConfigSchema.PropertiesOf(section.GetType()))
        {
            var keyPath = path.Length == 0 ? property.Key : $"{path}.{property.Key}";
            var value = property.Property.GetValue(section);
            var comment = provenance?.SourceOf(keyPath).Description;
            if (property.Kind == ConfigValueKind.Section && value is not null && (value as IConfigScalarForm)?.AsScalar() is null)
            {
                lines.Add(($"{indent}{property.Key}:", null));
                WriteSection(value, keyPath, depth + 1, provenance, lines);
                continue;
            }
            lines.Add(($"{indent}{property.Key}: {FormatValue(value)}", comment));
        }
    }

    private static string FormatValue(object? value) => value switch
    {
        IConfigScalarForm scalarForm => scalarForm.AsScalar()!,
        string or null => ConfigScalars.Format(value),
        IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(ConfigScalars.Format)) + "]",
        _ => ConfigScalars.Format(value),
    };
}
