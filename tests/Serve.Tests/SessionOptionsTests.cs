using Mlops.Onnx;

namespace Mlops.Serve.Tests;

/// <summary>`mlops serve --threads` reaches ONNX Runtime: the session starts the thread pool it was asked for.</summary>
[Collection(ProcessMeasurements.Name)]
public sealed class SessionOptionsTests
{
    [Fact]
    public void The_intra_op_thread_count_sizes_the_pool_ort_starts_for_a_served_model()
    {
        var folder = Directory.CreateTempSubdirectory("mlops-threads-").FullName;
        var model = TestModels.Write(folder, "bands");

        // Best of three tries each way: a .NET pool thread starting or retiring meanwhile must not blur the count.
        var withSix = Enumerable.Range(0, 3).Max(_ => ThreadsAddedBy(new ServeOptions { IntraOpThreads = 6 }, model));
        var withOne = Enumerable.Range(0, 3).Min(_ => ThreadsAddedBy(new ServeOptions { IntraOpThreads = 1 }, model));

        // ORT's pool has n - 1 worker threads: the calling thread is the n-th.
        withSix.Should().BeGreaterThanOrEqualTo(5);
        withOne.Should().BeLessThanOrEqualTo(1);
        Directory.Delete(folder, true);
    }

    private static int ThreadsAddedBy(ServeOptions options, string model)
    {
        OnnxEnvironment.EnsureCreated();
        using var sessionOptions = ServeApp.SessionOptionsFor(options);
        var before = ThreadCount();
        using var session = OnnxSessions.Open(model, sessionOptions);
        return ThreadCount() - before;
    }

    private static int ThreadCount() => Directory.GetDirectories("/proc/self/task").Length;
}

/// <summary>Tests that count the process's threads run alone: other tests' threads would blur the count.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessMeasurements
{
    public const string Name = "Process measurements";
}
