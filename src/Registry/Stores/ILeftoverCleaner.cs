namespace Mlops.Registry.Stores;

/// <summary>A store that keeps its own scratch space (temporary files of interrupted writes) and can clear
/// it.</summary>
public interface ILeftoverCleaner
{
    Task<int> CleanLeftoversAsync(TimeSpan olderThan, CancellationToken cancellationToken = default);
}
