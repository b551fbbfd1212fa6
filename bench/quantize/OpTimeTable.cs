namespace Mlops.Bench.Quantize;

/// <summary>The fp32 and int8 op-type profiles side by side, eight rows at most, then their totals.</summary>
internal static class OpTimeTable
{
    public static IEnumerable<string> Lines(IReadOnlyList<(string OpType, double MillisecondsPerRun)> fp32,
        IReadOnlyList<(string OpType, double MillisecondsPerRun)> int8)
    {
        yield return $"{"fp32 op",-26} {"ms",8} | {"int8 op",-26} {"ms",8}";
        for (var i = 0; i < Math.Min(Math.Max(fp32.Count, int8.Count), 8); i++)
        {
            var left = i < fp32.Count ? $"{fp32[i].OpType,-26} {fp32[i].MillisecondsPerRun,8:F4}" : new string(' ', 35);
            var right = i < int8.Count ? $"{int8[i].OpType,-26} {int8[i].MillisecondsPerRun,8:F4}" : "";
            yield return $"{left} | {right}";
        }

        yield return $"{"total",-26} {fp32.Sum(p => p.MillisecondsPerRun),8:F4} | " +
                     $"{"total",-26} {int8.Sum(p => p.MillisecondsPerRun),8:F4}";
    }
}
