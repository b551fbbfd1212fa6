using Spectre.Console;

namespace Mlops.Core.Progress;

/// <summary>
/// A live Spectre.Console bar with elapsed time and ETA. Spectre's progress display runs inside a callback,
/// so it lives on a background thread while the caller's loop updates the task.
/// </summary>
public sealed class ConsoleProgressReporter : IProgressReporter
{
    private readonly ProgressState _state;
    private readonly ManualResetEventSlim _ready = new();
    private readonly ManualResetEventSlim _finished = new();
    private readonly Task _display;
    private ProgressTask? _task;

    public ConsoleProgressReporter(ProgressState state, IAnsiConsole console)
    {
        // Spectre would throw on its refresh thread, where nothing can catch it; here the caller can.
        if (console.Profile.Width <= 0 || console.Profile.Height <= 0)
            throw new ArgumentException(
                "a live bar needs a console of a known size; ProgressReporter.StartOn falls back to plain lines",
                nameof(console)
            );
        _state = state;
        _display = Task.Run(() =>
            console
                .Progress()
                .AutoClear(false)
                .Columns(
                    new TaskDescriptionColumn { Alignment = Justify.Left },
                    new ProgressBarColumn(),
                    new PercentageColumn(),
                    new ElapsedTimeColumn(),
                    new RemainingTimeColumn(),
                    new SpinnerColumn()
                )
                .Start(context =>
                {
                    _task = context.AddTask(Markup.Escape(state.Title), maxValue: Math.Max(1, state.Total));
                    _ready.Set();
                    _finished.Wait();
                    Update();
                    _task.StopTask();
                    context.Refresh();
                })
        );
        // If the display cannot start (no console), go on without it rather than block the work.
        Task.WaitAny([Task.Run(() => _ready.Wait(TimeSpan.FromSeconds(5))), _display]);
    }

    public long Done => _state.Done;
    public long Total => _state.Total;

    public void Advance(long steps = 1, params (string Name, double Value)[] values)
    {
        _state.Advance(steps, values);
        Update();
    }

    public void SetStatus(string status)
    {
        _state.SetStatus(status);
        Update();
    }

    public void SetTotal(long total)
    {
        _state.SetTotal(total);
        if (_task is not null)
            _task.MaxValue = Math.Max(1, total);
    }

    public void Dispose()
    {
        _finished.Set();
        try
        {
            _display.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        { /* a broken display must not fail the work it was showing */
        }
        _ready.Dispose();
        _finished.Dispose();
    }

    private void Update()
    {
        if (_task is null)
            return;
        _task.Value = _state.Done;
        var details = _state.Describe();
        _task.Description = Markup.Escape(details.Length > 0 ? $"{_state.Title}  {details}" : _state.Title);
    }
}
