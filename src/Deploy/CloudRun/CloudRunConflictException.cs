using Mlops.Core.Errors;

namespace Mlops.Deploy.CloudRun;

/// <summary>409 (already exists / aborted by a concurrent change) or 412 (etag no longer matches).</summary>
public sealed class CloudRunConflictException(string message, string? where, int status)
    : MlopsException(message, where)
{
    public int Status { get; } = status;
}
