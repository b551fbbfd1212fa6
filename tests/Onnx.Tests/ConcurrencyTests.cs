using Microsoft.ML.OnnxRuntime;

namespace Mlops.Onnx.Tests;

public class ConcurrencyTests
{
    [Fact]
    public void Sixteen_threads_running_one_session_at_once_all_get_their_own_correct_answers()
    {
        var (model, weights) = TestModels.ConvBnPool();
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var session = OnnxSessions.Open(TestModels.Bytes(model), options);
        const int threads = 16;
        const int runsPerThread = 60;
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var start = new Barrier(threads);

        var workers = Enumerable
            .Range(0, threads)
            .Select(t => new Thread(() =>
            {
                start.SignalAndWait();
                for (var r = 0; r < runsPerThread; r++)
                {
                    // Each thread and run has its own input and batch size, so a mixed-up buffer shows as a wrong answer.
                    var batch = 1 + (t + r) % 3;
                    var x = TestModels.Deterministic(batch * 50, seed: t * 1000 + r);
                    var expected = CSharpReference.ConvBnPool(x, batch, 2, 5, 5, weights, 3);
                    var y = (r % 2 == 0) ? session.RunFloats(x, [batch, 2, 5, 5], "m") : RunInto(session, x, batch);
                    if (!y.Zip(expected).All(p => Math.Abs(p.First - p.Second) < 1e-5f) || y.Length != expected.Length)
                    {
                        failures.Add($"thread {t} run {r}");
                    }
                }
            }))
            .ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());

        failures.Should().BeEmpty();
    }

    private static float[] RunInto(InferenceSession session, float[] x, int batch)
    {
        var y = new float[batch * 3];
        session.RunInto("x", x, [batch, 2, 5, 5], "y", y, [batch, 3, 1, 1], "m");
        return y;
    }
}
