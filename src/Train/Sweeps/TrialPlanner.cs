using System.Globalization;

namespace Mlops.Train.Sweeps;

/// <summary>
/// Decides every trial's parameter values up front (written to sweep.json), so a resumed sweep runs
/// exactly the trials it planned: the grid in order (last key varying fastest), or seeded random draws.
/// </summary>
public static class TrialPlanner
{
    public static IReadOnlyList<Dictionary<string, string>> Plan(SweepConfig sweep) =>
        sweep.Method == SweepMethod.Grid ? Grid(sweep) : Random(sweep);

    private static List<Dictionary<string, string>> Grid(SweepConfig sweep)
    {
        var trials = new List<Dictionary<string, string>> { new() };
        foreach (var (key, parameter) in sweep.Parameters)
            trials = trials
                .SelectMany(partial =>
                    parameter.Values!.Select(value => new Dictionary<string, string>(partial) { [key] = value })
                )
                .ToList();
        return sweep.Budget.MaxRuns is { } max ? trials.Take(max).ToList() : trials;
    }

    private static List<Dictionary<string, string>> Random(SweepConfig sweep)
    {
        var random = new Random(sweep.Seed);
        var trials = new List<Dictionary<string, string>>();
        for (int i = 0; i < sweep.Budget.MaxRuns!.Value; i++)
            trials.Add(sweep.Parameters.ToDictionary(entry => entry.Key, entry => Draw(entry.Value, random)));
        return trials;
    }

    private static string Draw(SweepParameter parameter, Random random)
    {
        if (parameter.Values is { } values)
            return values[random.Next(values.Count)];
        double low = parameter.Min!.Value,
            high = parameter.Max!.Value,
            u = random.NextDouble();
        return parameter.Distribution switch
        {
            SweepDistribution.LogUniform => Number(Math.Exp(Math.Log(low) + u * (Math.Log(high) - Math.Log(low)))),
            SweepDistribution.IntUniform => (
                (long)Math.Ceiling(low) + (long)Math.Floor(u * (Math.Floor(high) - Math.Ceiling(low) + 1))
            ).ToString(CultureInfo.InvariantCulture),
            _ => Number(low + u * (high - low)),
        };
    }

    /// <summary>Short but faithful: 6 significant digits are plenty for a sampled hyper-parameter.</summary>
    private static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
