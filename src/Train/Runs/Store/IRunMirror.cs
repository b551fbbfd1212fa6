namespace Mlops.Train.Runs.Store;

/// <summary>
/// A second home of a run that is trained in a local folder: every change of the run's record is published to it, with
/// the files the record points at published first.
/// </summary>
public interface IRunMirror
{
    /// <summary>Claims the run's name there; false when another writer holds it (the caller tries the next
    /// name).</summary>
    bool TryClaim(RunInfo info);

    /// <summary>Publishes what changed since the last call, then the record.</summary>
    void Publish(RunFolder run);
}
