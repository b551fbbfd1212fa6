using System.Globalization;
using System.Text;

namespace Mlops.Torch.Modules;

/// <summary>Formats a module tree the way <c>print(model)</c> does in PyTorch.</summary>
internal static class ModuleRepr
{
    internal static string Format(Module module)
    {
        var builder = new StringBuilder();
        Write(module, builder, 0);
        return builder.ToString();
    }

    private static void Write(Module module, StringBuilder builder, int indent)
    {
        var children = module.named_children().ToList();
        builder.Append(module.GetName()).Append('(').Append(module.extra_repr());
        if (children.Count == 0)
        {
            builder.Append(')');
            return;
        }
        builder.Append('\n');
        foreach (var (name, child) in children)
        {
            builder.Append(' ', indent + 2).Append('(').Append(name).Append("): ");
            Write(child, builder, indent + 2);
            builder.Append('\n');
        }
        builder.Append(' ', indent).Append(')');
    }

    /// <summary>Python's repr of a float: 0.1, 1e-05, 1.0.</summary>
    internal static string Number(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var e = text.IndexOf('E');
        if (e >= 0)
        {
            var exponent = int.Parse(text[(e + 1)..], CultureInfo.InvariantCulture);
            return text[..e]
                + "e"
                + (exponent < 0 ? "-" : "+")
                + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
        }
        return text.Contains('.') ? text : text + ".0";
    }

    internal static string Pair(long[] values) =>
        values.Length == 1
            ? $"({values[0]},)"
            : "(" + string.Join(", ", values.Select(v => v.ToString(CultureInfo.InvariantCulture))) + ")";

    internal static string Bool(bool value) => value ? "True" : "False";
}
