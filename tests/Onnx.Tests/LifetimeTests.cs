namespace Mlops.Onnx.Tests;

public class LifetimeTests
{
    [Fact]
    public void Running_a_disposed_session_throws_object_disposed_instead_of_touching_freed_memory()
    {
        var session = new InferenceSession(TestModels.Bytes(TestModels.Add()));
        session.Dispose();
        session.Dispose(); // twice is harmless

        var act = () => session.Run([TensorBuffer.Float("a", new float[5], 1, 5), TensorBuffer.Float("b", new float[5], 1, 5)]);

        act.Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public void Negative_thread_counts_are_refused()
    {
        var act = () => new InferenceSession(TestModels.Bytes(TestModels.Add()), new SessionOptions { IntraOpThreads = -1 });

        act.Should().Throw<ArgumentOutOfRangeException>();
    }
}
