namespace Mlops.Train.Runs;

/// <summary>Life cycle of a run, as stored in run.json ("running", "completed"...).</summary>
public enum RunStatus
{
    Running,
    Completed,
    Failed,
    Stopped,
}
