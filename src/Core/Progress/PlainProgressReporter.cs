namespace Mlops.Core.Progress;

/// <summary>
/// Progress for logs: one line at most every <c>interval</c>, plus the final one, e.g.
/// <c>[train] 1234/3300 37%  elapsed 01:10  eta 02:00  epoch 3/15  loss=0.41</c>.
/// </summary>
public sealed class PlainProgressReporter(ProgressState state, TextWriter output, TimeSpan interval) : IProgressReporter
{
    private TimeSpan? _lastPrinted;
    private long _lastPrintedDone = -1;

    public long Done => state.Done;
    public long Total => state.Total;

    public void Advance(long steps = 1, params (string Name, double Value)[] values)
    {
        state.Advance(steps, values);
        var now = state.Elapsed;
        if (_lastPrinted is null || now - _lastPrinted >= interval || state.Done >= state.Total)
            Print(now);
    }

    public void SetStatus(string status) => state.SetStatus(status);

    public void SetTotal(long total) => state.SetTotal(total);

    public void Dispose()
    {
        if (_lastPrintedDone != state.Done)
            Print(state.Elapsed);
    }

    private void Print(TimeSpan now)
    {
        if (_lastPrintedDone == state.Done && state.Done >= state.Total)
            return; // the final line only once
        _lastPrinted = now;
        _lastPrintedDone = state.Done;
        var eta = state.Remaining is { } remaining ? ProgressState.FormatDuration(remaining) : "?";
        var details = state.Describe();
        output.WriteLine(
            $"[{state.Title}] {state.Done}/{state.Total} {(int)(state.Fraction * 100)}%  elapsed "
                + $"{ProgressState.FormatDuration(now)}  eta {eta}"
                + (details.Length > 0 ? "  " + details : "")
        );
        output.Flush();
    }
}
