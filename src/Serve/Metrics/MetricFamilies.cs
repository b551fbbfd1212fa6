using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Mlops.Serve.Metrics;

/// <summary>One Prometheus metric family: a name, a type, help, and one series per label-value tuple.</summary>
public abstract class MetricFamily(string name, string help, string type, string[] labelNames)
{
    public string Name { get; } = name;
    protected string[] LabelNames { get; } = labelNames;

    public void WriteTo(StringBuilder text)
    {
        text.Append("# HELP ").Append(Name).Append(' ').Append(help).Append('\n');
        text.Append("# TYPE ").Append(Name).Append(' ').Append(type).Append('\n');
        WriteSeries(text);
    }

    protected abstract void WriteSeries(StringBuilder text);

    protected static string Key(string[] values) => string.Join('\u0001', values);

    /// <summary>{a="x",b="y"} with the exposition format's escaping; <paramref name="extra"/> adds e.g. le="0.5".</summary>
    protected string Labels(string[] values, string? extra = null)
    {
        if (LabelNames.Length == 0 && extra is null) return "";
        var parts = LabelNames.Select((label, i) => $"{label}=\"{Escape(values[i])}\"").ToList();
        if (extra is not null) parts.Add(extra);
        return "{" + string.Join(',', parts) + "}";
    }

    protected void Check(string[] values)
    {
        if (values.Length != LabelNames.Length)
            throw new ArgumentException($"metric {Name} takes labels ({string.Join(", ", LabelNames)}), got {values.Length} values");
    }

    protected static string Number(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf" : value.ToString("R", CultureInfo.InvariantCulture);

    private static string Escape(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");
}

/// <summary>A value that only goes up (requests served, rows rejected...).</summary>
public sealed class Counter(string name, string help, params string[] labelNames) : MetricFamily(name, help, "counter", labelNames)
{
    private readonly ConcurrentDictionary<string, (string[] Values, double[] Cell)> _series = new();

    public void Inc(double by = 1, params string[] labelValues)
    {
        Check(labelValues);
        var cell = _series.GetOrAdd(Key(labelValues), _ => (labelValues, new double[1])).Cell;
        double seen, next;
        do
        {
            seen = Volatile.Read(ref cell[0]);
            next = seen + by;
        } while (Interlocked.CompareExchange(ref cell[0], next, seen) != seen);
    }

    public double Value(params string[] labelValues) =>
        _series.TryGetValue(Key(labelValues), out var series) ? Volatile.Read(ref series.Cell[0]) : 0;

    protected override void WriteSeries(StringBuilder text)
    {
        foreach (var (values, cell) in _series.Values.OrderBy(s => Key(s.Values), StringComparer.Ordinal))
            text.Append(Name).Append(Labels(values)).Append(' ').Append(Number(Volatile.Read(ref cell[0]))).Append('\n');
    }
}

/// <summary>A value that goes up and down (requests in flight, versions loaded); a series can be removed.</summary>
public sealed class Gauge(string name, string help, params string[] labelNames) : MetricFamily(name, help, "gauge", labelNames)
{
    private readonly ConcurrentDictionary<string, (string[] Values, double[] Cell)> _series = new();

    public void Set(double value, params string[] labelValues)
    {
        Check(labelValues);
        Volatile.Write(ref _series.GetOrAdd(Key(labelValues), _ => (labelValues, new double[1])).Cell[0], value);
    }

    public void Add(double by, params string[] labelValues)
    {
        Check(labelValues);
        var cell = _series.GetOrAdd(Key(labelValues), _ => (labelValues, new double[1])).Cell;
        double seen;
        do
        {
            seen = Volatile.Read(ref cell[0]);
        } while (Interlocked.CompareExchange(ref cell[0], seen + by, seen) != seen);
    }

    public void Remove(params string[] labelValues) => _series.TryRemove(Key(labelValues), out _);

    protected override void WriteSeries(StringBuilder text)
    {
        foreach (var (values, cell) in _series.Values.OrderBy(s => Key(s.Values), StringComparer.Ordinal))
            text.Append(Name).Append(Labels(values)).Append(' ').Append(Number(Volatile.Read(ref cell[0]))).Append('\n');
    }
}

/// <summary>Observations counted into cumulative buckets, with their sum and count (Prometheus histogram).</summary>
public sealed class Histogram(string name, string help, double[] upperBounds, params string[] labelNames)
    : MetricFamily(name, help, "histogram", labelNames)
{
    private readonly ConcurrentDictionary<string, Series> _series = new();

    public void Observe(double value, params string[] labelValues)
    {
        Check(labelValues);
        _series.GetOrAdd(Key(labelValues), _ => new Series(labelValues, upperBounds.Length)).Observe(upperBounds, value);
    }

    /// <summary>How many observations fell at or below <paramref name="upperBound"/> (for tests and reports).</summary>
    public long CountAtOrBelow(double upperBound, params string[] labelValues) =>
        _series.TryGetValue(Key(labelValues), out var s) ? s.Snapshot().Buckets.Where((_, i) => upperBounds[i] <= upperBound).Sum() : 0;

    protected override void WriteSeries(StringBuilder text)
    {
        foreach (var series in _series.Values.OrderBy(s => Key(s.Values), StringComparer.Ordinal))
        {
            var (buckets, count, sum) = series.Snapshot();
            long cumulative = 0;
            for (var i = 0; i < upperBounds.Length; i++)
            {
                cumulative += buckets[i];
                text.Append(Name).Append("_bucket").Append(Labels(series.Values, $"le=\"{Number(upperBounds[i])}\"")).Append(' ').Append(cumulative).Append('\n');
            }

            text.Append(Name).Append("_bucket").Append(Labels(series.Values, "le=\"+Inf\"")).Append(' ').Append(count).Append('\n');
            text.Append(Name).Append("_sum").Append(Labels(series.Values)).Append(' ').Append(Number(sum)).Append('\n');
            text.Append(Name).Append("_count").Append(Labels(series.Values)).Append(' ').Append(count).Append('\n');
        }
    }

    private sealed class Series(string[] values, int bucketCount)
    {
        private readonly long[] _buckets = new long[bucketCount];
        private long _count;
        private double _sum;
        private readonly Lock _gate = new();

        public string[] Values { get; } = values;

        public void Observe(double[] bounds, double value)
        {
            var index = Array.FindIndex(bounds, bound => value <= bound);
            lock (_gate)
            {
                if (index >= 0) _buckets[index]++;
                _count++;
                _sum += value;
            }
        }

        /// <summary>A consistent copy: buckets are per-bucket counts (not cumulative) with the total count and sum.</summary>
        public (long[] Buckets, long Count, double Sum) Snapshot()
        {
            lock (_gate) return ((long[])_buckets.Clone(), _count, _sum);
        }
    }
}
