namespace Mlops.Core.Progress;

/// <summary>
/// Progress of one long piece of work (training, export, upload): a bar with ETA on a terminal, a plain
/// line every few seconds otherwise (CI logs). Usable from a plain loop:
/// <code>
/// using var progress = ProgressReporter.Start("train", epochs * stepsPerEpoch);
/// progress.SetStatus($"epoch {epoch}/{epochs}");
/// progress.Advance(1, ("loss", loss), ("acc", accuracy), ("img/s", imagesPerSecond));
/// </code>
/// Not meant to be shared between threads that advance it concurrently.
/// </summary>
public interface IProgressReporter : IDisposable
{
    /// <summary>Adds <paramref name="steps"/> to the work done and updates the shown values (e.g. loss,
    /// img/s).</summary>
    void Advance(long steps = 1, params (string Name, double Value)[] values);

    /// <summary>A short text shown before the values, e.g. "epoch 3/15".</summary>
    void SetStatus(string status);

    /// <summary>Changes the amount of work (e.g. early stopping shortened the run).</summary>
    void SetTotal(long total);

    long Done { get; }

    long Total { get; }
}
