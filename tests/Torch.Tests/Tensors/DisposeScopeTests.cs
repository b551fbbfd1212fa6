namespace Mlops.Torch.Tests.Tensors;

// Live-tensor counts are process-wide: these tests must not run in parallel with other tensor tests.
[Collection(nameof(NativeCounterCollection))]
public class DisposeScopeTests
{
    [Fact]
    public void A_scope_frees_every_temporary_it_saw()
    {
        var baseline = LiveTensors.Settled();
        using (torch.NewDisposeScope())
        {
            var x = torch.ones(3, 3);
            var y = (x * 2 + 1).relu().sum();
            y.item<float>().Should().Be(27);
            torch.LiveNativeTensors.Should().BeGreaterThan(baseline);
        }
        torch.LiveNativeTensors.Should().Be(baseline);
    }

    [Fact]
    public void Tensors_moved_to_the_outer_scope_survive_the_inner_one()
    {
        var baseline = LiveTensors.Settled();
        using (var outer = torch.NewDisposeScope())
        {
            Tensor kept;
            using (var inner = torch.NewDisposeScope())
            {
                var tmp = torch.ones(4);
                kept = inner.MoveToOuter(tmp * 3);
            }
            torch.LiveNativeTensors.Should().Be(baseline + 1);
            kept.sum().item<float>().Should().Be(12);
        }
        torch.LiveNativeTensors.Should().Be(baseline);
    }

    [Fact]
    public void Detached_tensors_belong_to_the_caller()
    {
        var baseline = LiveTensors.Settled();
        Tensor mine;
        using (torch.NewDisposeScope())
        {
            mine = torch.zeros(2).DetachFromDisposeScope();
        }
        mine.IsDisposed.Should().BeFalse();
        torch.LiveNativeTensors.Should().Be(baseline + 1);
        mine.Dispose();
        torch.LiveNativeTensors.Should().Be(baseline);
    }

    [Fact]
    public void Disposing_a_tensor_early_inside_a_scope_is_harmless()
    {
        var baseline = LiveTensors.Settled();
        using (torch.NewDisposeScope())
        {
            var a = torch.ones(2);
            a.Dispose();
            a.Dispose();
        }
        torch.LiveNativeTensors.Should().Be(baseline);
    }
}

[CollectionDefinition(nameof(NativeCounterCollection), DisableParallelization = true)]
public class NativeCounterCollection { }
