namespace Mlops.Onnx.Tests;

[Collection(IsolatedCollection.Name)]
public class ThreadOptionTests
{
    [Fact]
    public void Intra_op_thread_count_sizes_the_pool_ort_starts_for_the_session()
    {
        var bytes = TestModels.Bytes(TestModels.Add());

        var withSix = ThreadsAddedBy(new SessionOptions { IntraOpThreads = 6 }, bytes);
        var withOne = ThreadsAddedBy(new SessionOptions { IntraOpThreads = 1 }, bytes);

        // ORT's pool has n - 1 worker threads: the calling thread is the n-th.
        withSix.Should().BeGreaterThanOrEqualTo(5);
        withOne.Should().BeLessThanOrEqualTo(1);
    }

    private static int ThreadsAddedBy(SessionOptions options, byte[] model)
    {
        var before = ThreadCount();
        using var session = new InferenceSession(model, options);
        return ThreadCount() - before;
    }

    private static int ThreadCount() => Directory.GetDirectories("/proc/self/task").Length;
}
