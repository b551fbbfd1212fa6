namespace Mlops.Cli.Commands.Common;

/// <summary>While it lives, Ctrl+C cancels <see cref="Token"/> (saying what happens next) instead of killing the
/// process, so long work can stop cleanly: a step finished, a checkpoint kept, a job's execution cancelled.</summary>
public sealed class CtrlCCancellation : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly ConsoleCancelEventHandler _handler;

    public CtrlCCancellation(string? message = null)
    {
        _handler = (_, e) =>
        {
            e.Cancel = true;
            if (message is not null)
                Console.Error.WriteLine(message);
            _source.Cancel();
        };
        Console.CancelKeyPress += _handler;
    }

    public CancellationToken Token => _source.Token;

    public void Dispose()
    {
        Console.CancelKeyPress -= _handler;
        _source.Dispose();
    }
}
