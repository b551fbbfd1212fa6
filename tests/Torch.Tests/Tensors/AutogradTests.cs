namespace Mlops.Torch.Tests.Tensors;

public class AutogradTests
{
    [Fact]
    public void Gradient_of_a_polynomial_matches_hand_computed_values()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new float[] { 1, 2, 3 }, requires_grad: true);

        // y = sum(3x^2 + 2x)  =>  dy/dx = 6x + 2
        var y = (x.pow(2) * 3 + x * 2).sum();
        y.backward();

        x.grad!.ToArray<float>().Should().Equal(8, 14, 20);
        x.is_leaf.Should().BeTrue();
        y.requires_grad.Should().BeTrue();
    }

    [Fact]
    public void Gradients_accumulate_until_cleared()
    {
        using var scope = torch.NewDisposeScope();
        var w = torch.tensor(new float[] { 2 }, requires_grad: true);
        var x = torch.tensor(new float[] { 5 });

        (w * x).sum().backward();
        (w * x).sum().backward();
        w.grad!.item<float>().Should().Be(10);

        w.grad = null;
        w.grad.Should().BeNull();
        (w * w).sum().backward();
        w.grad!.item<float>().Should().Be(4, "d(w^2)/dw = 2w");
    }

    [Fact]
    public void Chain_rule_through_matmul_and_mean()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.tensor(new float[] { 1, 2, 3, 4 }, [2, 2], requires_grad: true);
        var b = torch.tensor(new float[] { 1, 0, 0, 1 }, [2, 2]);

        // L = mean(a @ b) with b = I  =>  dL/da = 1/4 everywhere
        a.matmul(b).mean().backward();

        a.grad!.ToArray<float>().Should().Equal(0.25f, 0.25f, 0.25f, 0.25f);
    }

    [Fact]
    public void No_grad_records_no_graph_and_restores_the_mode()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.ones([2], requires_grad: true);

        Tensor y;
        using (torch.no_grad())
        {
            torch.is_grad_enabled().Should().BeFalse();
            y = x * 2;
        }

        torch.is_grad_enabled().Should().BeTrue();
        y.requires_grad.Should().BeFalse();
        (x * 2).detach().requires_grad.Should().BeFalse();
        (x * 2).requires_grad.Should().BeTrue();
    }

    [Fact]
    public void Backward_without_a_graph_is_a_libtorch_error()
    {
        using var scope = torch.NewDisposeScope();
        var act = () => torch.ones(2).sum().backward();
        act.Should().Throw<TorchException>().Which.Message.Should().Contain("does not require grad");
    }
}
