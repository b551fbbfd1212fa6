using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Mlops.Core.Config;

/// <summary>Converts YAML scalar text to typed values and back (invariant culture, enums by their YAML
/// names).</summary>
public static partial class ConfigScalars
{
    /// <summary>Parses <paramref name="text"/> as <paramref name="type"/>; on failure returns false and what was
    /// expected.</summary>
    public static bool TryParse(Type type, string text, out object? value, out string expected)
    {
        var plain = Nullable.GetUnderlyingType(type) ?? type;
        value = null;
        expected = Describe(plain);
        if (plain == typeof(string))
        {
            value = text;
            return true;
        }
        if (plain == typeof(bool))
        {
            if (text.Equals("true", StringComparison.OrdinalIgnoreCase))
            {
                value = true;
                return true;
            }
            if (text.Equals("false", StringComparison.OrdinalIgnoreCase))
            {
                value = false;
                return true;
            }
            return false;
        }
        if (plain == typeof(int) || plain == typeof(long))
        {
            if (!TryParseWhole(text, out var whole))
                return false;
            if (plain == typeof(int) && whole is < int.MinValue or > int.MaxValue)
                return false;
            value = plain == typeof(int) ? (object)(int)whole : whole;
            return true;
        }
        if (plain == typeof(double) || plain == typeof(float))
        {
            if (
                !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                || !double.IsFinite(number)
            )
                return false;
            value = plain == typeof(float) ? (object)(float)number : number;
            return true;
        }
        if (plain.IsEnum)
        {
            var wanted = Normalize(text);
            foreach (var member in plain.GetFields(BindingFlags.Public | BindingFlags.Static))
                if (Normalize(NameOf(member)) == wanted)
                {
                    value = member.GetValue(null);
                    return true;
                }
            return false;
        }
        throw new NotSupportedException($"config values of type {plain.Name} are not supported");
    }

    /// <summary>"a number", "an integer", "true or false", "one of sgd, adamw".</summary>
    public static string Describe(Type type)
    {
        var plain = Nullable.GetUnderlyingType(type) ?? type;
        if (plain == typeof(string))
            return "a string";
        if (plain == typeof(bool))
            return "true or false";
        if (plain == typeof(int) || plain == typeof(long))
            return "an integer";
        if (plain == typeof(double) || plain == typeof(float))
            return "a number";
        if (plain.IsEnum)
            return "one of " + string.Join(", ", EnumNames(plain));
        return plain.Name;
    }

    public static IReadOnlyList<string> EnumNames(Type enumType) =>
        enumType.GetFields(BindingFlags.Public | BindingFlags.Static).Select(NameOf).ToList();

    /// <summary>The YAML text of a scalar value, quoted when YAML would otherwise read it as something else.</summary>
    public static string Format(object? value) =>
        value switch
        {
            null => "null",
            bool flag => flag ? "true" : "false",
            double number => number.ToString("R", CultureInfo.InvariantCulture),
            float number => number.ToString("R", CultureInfo.InvariantCulture),
            IFormattable formattable when value.GetType().IsPrimitive => formattable.ToString(
                null,
                CultureInfo.InvariantCulture
            ),
            Enum member => NameOf(member.GetType().GetField(member.ToString())!),
            string text => Quote(text),
            _ => Quote(value.ToString() ?? ""),
        };

    /// <summary>The text as a YAML scalar: plain when that reads back as the same string, double-quoted
    /// otherwise.</summary>
    public static string Quote(string text)
    {
        var readsAsOtherType =
            text is "" or "~"
            || text.Equals("null", StringComparison.OrdinalIgnoreCase)
            || text.Equals("true", StringComparison.OrdinalIgnoreCase)
            || text.Equals("false", StringComparison.OrdinalIgnoreCase)
            || double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
        if (!readsAsOtherType && PlainSafe().IsMatch(text))
            return text;
        var escaped = text.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n").Replace("\t", "\\t");
        return $"\"{escaped}\"";
    }

    private static string NameOf(FieldInfo member) =>
        member.GetCustomAttribute<ConfigNameAttribute>()?.Name ?? ConfigSchema.SnakeCase(member.Name);

    private static string Normalize(string name) => name.Replace("-", "").Replace("_", "").ToLowerInvariant();

    private static bool TryParseWhole(string text, out long whole)
    {
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out whole))
            return true;
        // 1e3 is a fine way to write 1000.
        if (
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && double.IsFinite(number)
            && Math.Floor(number) == number
            && Math.Abs(number) < 9e15
        )
        {
            whole = (long)number;
            return true;
        }
        return false;
    }

    [GeneratedRegex(@"^[A-Za-z0-9_./][A-Za-z0-9_./+-]*$")]
    private static partial Regex PlainSafe();
}
