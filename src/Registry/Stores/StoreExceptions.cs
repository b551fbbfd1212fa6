using Mlops.Core.Errors;

namespace Mlops.Registry.Stores;

/// <summary>A conditional write or delete lost a race: the object exists already, or changed since it was
/// read.</summary>
public sealed class PreconditionFailedException(string name, WriteCondition condition)
    : MlopsException($"the object changed concurrently ({condition} did not hold)", name)
{
    public WriteCondition Condition { get; } = condition;
}

/// <summary>The object does not exist.</summary>
public sealed class BlobNotFoundException(string name) : MlopsException("no such object in the registry store", name);

/// <summary>Stored bytes do not match their recorded checksum.</summary>
public sealed class BlobCorruptedException(string name, string detail)
    : MlopsException($"stored content does not match its checksum ({detail})", name);
