using System.Globalization;

namespace Mlops.Serve.Startup;

/// <summary>
/// Milestones of one server start (main entered, host built, listening, each model loaded, first prediction
/// answered), in milliseconds since the process started, so a slow cold start says where its time went.
/// One instance per server: tests start many servers in one process.
/// </summary>
public sealed class StartupTimeline
{
    private readonly Lock _gate = new();
    private readonly List<StartupMilestone> _milestones = [];
    private readonly DateTime _origin;

    /// <param name="origin">Time zero; the process start by default (the kernel's), else the moment this is
    /// created.</param>
    public StartupTimeline(DateTime? origin = null)
    {
        _origin = origin ?? ProcessClock.StartedUtc ?? DateTime.UtcNow;
    }

    /// <summary>True once the first prediction was answered: the timeline is complete and no longer grows.</summary>
    public bool Complete { get; private set; }

    public IReadOnlyList<StartupMilestone> Milestones
    {
        get
        {
            lock (_gate)
                return _milestones.OrderBy(m => m.Milliseconds).ToList();
        }
    }

    /// <summary>Records <paramref name="name"/> at <paramref name="at"/> (now by default); a name is recorded once, the
    /// first time.</summary>
    public void Mark(string name, DateTime? at = null)
    {
        lock (_gate)
            MarkLocked(name, at ?? DateTime.UtcNow);
    }

    /// <summary>Marks the last milestone and closes the timeline; false if it was already closed.</summary>
    public bool Finish(string name)
    {
        lock (_gate)
        {
            if (Complete)
                return false;
            MarkLocked(name, DateTime.UtcNow);
            Complete = true;
            return true;
        }
    }

    private void MarkLocked(string name, DateTime at)
    {
        if (Complete || _milestones.Any(m => m.Name == name))
            return;
        _milestones.Add(new StartupMilestone(name, (at - _origin).TotalMilliseconds));
    }

    /// <summary>One line: "main 71, host built 240, ..." in ms since the process started.</summary>
    public string Describe() =>
        string.Join(
            ", ",
            Milestones.Select(m => $"{m.Name} {m.Milliseconds.ToString("0", CultureInfo.InvariantCulture)}")
        );
}

/// <summary>A named moment of the start, in milliseconds since the process started.</summary>
public sealed record StartupMilestone(string Name, double Milliseconds);
