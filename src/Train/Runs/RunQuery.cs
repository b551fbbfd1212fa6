using System.Globalization;
using System.Text.RegularExpressions;
using Mlops.Core.Config;
using Mlops.Core.Errors;

namespace Mlops.Train.Runs;

/// <summary>
/// Filters and sorting for `mlops runs list`: <c>--where accuracy&gt;0.9</c>, <c>--where status=completed</c>,
/// <c>--sort -accuracy</c> (a leading '-' sorts descending). Fields are the JSON names of <see cref="RunSummary"/>;
/// <c>accuracy</c> means test_accuracy and <c>val_accuracy</c> best_val_accuracy.
/// </summary>
public static partial class RunQuery
{
    private static readonly Dictionary<string, Func<RunSummary, object?>> Fields = new(StringComparer.Ordinal)
    {
        ["name"] = run => run.Name,
        ["status"] = run => run.Status?.ToString().ToLowerInvariant(),
        ["created_utc"] = run => run.CreatedUtc,
        ["epochs"] = run => run.Epochs,
        ["best_val_accuracy"] = run => run.BestValAccuracy,
        ["last_val_loss"] = run => run.LastValLoss,
        ["test_accuracy"] = run => run.TestAccuracy,
        ["sweep"] = run => run.Sweep,
    };

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["accuracy"] = "test_accuracy",
        ["val_accuracy"] = "best_val_accuracy",
        ["val_loss"] = "last_val_loss",
        ["created"] = "created_utc",
    };

    /// <summary>A predicate from "field op value" (op: = != &gt; &gt;= &lt; &lt;=); a run without the field never
    /// matches.</summary>
    public static Func<RunSummary, bool> Where(string expression)
    {
        var match = Condition().Match(expression);
        if (!match.Success)
            throw new MlopsException(
                $"expected a condition like accuracy>0.9 or status=completed, got '{expression}'",
                "--where"
            );
        var read = Field(match.Groups["field"].Value, "--where");
        var op = match.Groups["op"].Value;
        var text = match.Groups["value"].Value.Trim();
        var number = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : (double?)null;
        return run =>
            read(run) switch
            {
                null => false,
                int or double when number is null => throw new MlopsException(
                    $"'{match.Groups["field"].Value}' is a number, got '{text}'",
                    "--where"
                ),
                int whole => Compare(((double)whole).CompareTo(number!.Value), op),
                double value => Compare(value.CompareTo(number!.Value), op),
                DateTimeOffset time => Compare(
                    time.CompareTo(DateTimeOffset.Parse(text, CultureInfo.InvariantCulture)),
                    op
                ),
                var other => Compare(string.Compare(other.ToString(), text, StringComparison.OrdinalIgnoreCase), op),
            };
    }

    /// <summary>Sorts by a field ("-field" for descending); runs without the field go last.</summary>
    public static IEnumerable<RunSummary> Sort(IEnumerable<RunSummary> runs, string key)
    {
        var descending = key.StartsWith('-');
        var read = Field(descending ? key[1..] : key, "--sort");
        var withValue = runs.Where(run => read(run) is not null);
        var ordered = descending
            ? withValue.OrderByDescending(run => read(run), Comparer<object?>.Default)
            : withValue.OrderBy(run => read(run), Comparer<object?>.Default);
        return ordered.Concat(runs.Where(run => read(run) is null));
    }

    private static Func<RunSummary, object?> Field(string name, string where)
    {
        var canonical = Aliases.GetValueOrDefault(name, name);
        if (Fields.TryGetValue(canonical, out var read))
            return read;
        var known = Fields.Keys.Concat(Aliases.Keys).ToList();
        throw new MlopsException(
            $"unknown field '{name}'{Suggestions.DidYouMean(name, known)}; fields: {string.Join(", ", known)}",
            where
        );
    }

    private static bool Compare(int order, string op) =>
        op switch
        {
            "=" or "==" => order == 0,
            "!=" => order != 0,
            ">" => order > 0,
            ">=" => order >= 0,
            "<" => order < 0,
            _ => order <= 0,
        };

    [GeneratedRegex(@"^\s*(?<field>[a-z_]+)\s*(?<op>==|!=|>=|<=|=|>|<)(?<value>.+)$")]
    private static partial Regex Condition();
}
