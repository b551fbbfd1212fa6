namespace Mlops.Torch.Tests.Tensors;

public class ErrorTests
{
    [Fact]
    public void Shape_mismatched_matmul_raises_libtorch_message_and_process_stays_healthy()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.ones(2, 3);
        var b = torch.ones(4, 5);

        var act = () => a.matmul(b);

        act.Should().Throw<TorchException>().Which.Message.Should().Contain("cannot be multiplied").And.Contain("2x3").And.Contain("4x5");
        var ok = a.matmul(torch.ones(3, 5));
        ok.shape.Should().Equal(2, 5);
        ok.sum().item<float>().Should().Be(30f);
    }

    [Fact]
    public void Errors_on_other_threads_do_not_leak_messages_between_threads()
    {
        string? other = null;
        var thread = new Thread(() =>
        {
            using var inner = torch.NewDisposeScope();
            try { torch.ones(2).view(3); } catch (TorchException e) { other = e.Message; }
        });
        thread.Start();
        thread.Join();

        using var scope = torch.NewDisposeScope();
        var act = () => torch.ones(2, 2).sum(5);
        act.Should().Throw<TorchException>().Which.Message.Should().Contain("Dimension out of range");
        other.Should().NotBeNull().And.Contain("invalid for input of size 2");
    }

    [Fact]
    public void Using_a_disposed_tensor_fails_cleanly()
    {
        var t = torch.ones(3);
        t.Dispose();
        var act = () => t.sum();
        act.Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public void Copy_to_a_span_of_the_wrong_type_or_size_is_refused()
    {
        using var scope = torch.NewDisposeScope();
        var t = torch.ones(4);
        ((Action)(() => t.ToArray<double>())).Should().Throw<TorchException>().Which.Message.Should().Contain("Float32");
        ((Action)(() => t.CopyTo<float>(new float[3]))).Should().Throw<TorchException>().Which.Message.Should().Contain("12 bytes");
    }
}
