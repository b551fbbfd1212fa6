using System.Diagnostics;
using System.Globalization;

namespace Mlops.Core.Progress;

/// <summary>Counts, status, custom values and the ETA shared by both renderings of progress.</summary>
public sealed class ProgressState(string title, long total, Func<TimeSpan>? clock = null)
{
    private readonly Func<TimeSpan> _clock = clock ?? StartStopwatch();
    private readonly List<(string Name, double Value)> _values = [];

    public string Title { get; } = title;
    public long Total { get; private set; } = Math.Max(0, total);
    public long Done { get; private set; }
    public string Status { get; private set; } = "";
    public TimeSpan Elapsed => _clock();

    public void Advance(long steps, (string Name, double Value)[] values)
    {
        Done = Math.Max(0, Done + steps);
        foreach (var (name, value) in values)
        {
            var index = _values.FindIndex(existing => existing.Name == name);
            if (index >= 0)
                _values[index] = (name, value);
            else
                _values.Add((name, value));
        }
    }

    public void SetStatus(string status) => Status = status;

    public void SetTotal(long total) => Total = Math.Max(0, total);

    public double Fraction => Total == 0 ? 0 : Math.Min(1, (double)Done / Total);

    /// <summary>Time left at the average rate so far; null until something is done.</summary>
    public TimeSpan? Remaining
    {
        get
        {
            var elapsed = Elapsed;
            if (Done <= 0 || elapsed <= TimeSpan.Zero)
                return null;
            var left = Math.Max(0, Total - Done);
            return TimeSpan.FromSeconds(elapsed.TotalSeconds / Done * left);
        }
    }

    /// <summary>"epoch 3/15  loss=0.4123 acc=0.8812 img/s=512".</summary>
    public string Describe()
    {
        var values = string.Join(" ", _values.Select(item => $"{item.Name}={FormatValue(item.Value)}"));
        return string.Join("  ", new[] { Status, values }.Where(part => part.Length > 0));
    }

    public static string FormatValue(double value) =>
        Math.Abs(value) >= 100
            ? value.ToString("F0", CultureInfo.InvariantCulture)
            : value.ToString("G4", CultureInfo.InvariantCulture);

    private static Func<TimeSpan> StartStopwatch()
    {
        var stopwatch = Stopwatch.StartNew();
        return () => stopwatch.Elapsed;
    }

    public static string FormatDuration(TimeSpan duration) =>
        duration.TotalHours >= 1
            ? $"{(int)duration.TotalHours}:{duration:mm\\:ss}"
            : duration.ToString(@"mm\:ss", CultureInfo.InvariantCulture);
}
