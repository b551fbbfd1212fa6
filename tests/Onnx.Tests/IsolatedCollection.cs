namespace Mlops.Onnx.Tests;

/// <summary>
/// Tests that measure the whole process (memory, thread count) run alone, after the parallel ones:
/// other tests' threads and allocations would blur what they measure.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class IsolatedCollection
{
    public const string Name = "Isolated process measurements";
}
