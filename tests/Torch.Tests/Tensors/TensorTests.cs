namespace Mlops.Torch.Tests.Tensors;

public class TensorTests
{
    [Fact]
    public void Arrays_round_trip_with_shape_and_dtype()
    {
        using var scope = torch.NewDisposeScope();
        var t = torch.tensor(new float[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);

        t.shape.Should().Equal(2, 3);
        t.dtype.Should().Be(torch.float32);
        t.ToArray<float>().Should().Equal(1, 2, 3, 4, 5, 6);
        t.t().contiguous().ToArray<float>().Should().Equal(1, 4, 2, 5, 3, 6);
        t.t().ToArray<float>().Should().Equal(new float[] { 1, 4, 2, 5, 3, 6 }, "a non-contiguous view copies out in logical order");
        torch.tensor(new long[] { 7, 8 }).dtype.Should().Be(torch.int64);
        torch.tensor(new bool[] { true, false }).ToArray<bool>().Should().Equal(true, false);
        torch.tensor(new byte[] { 200, 3 }).to(torch.float64).ToArray<double>().Should().Equal(200, 3);
    }

    [Fact]
    public void Span_copies_and_a_tensor_over_pinned_memory_share_data()
    {
        using var scope = torch.NewDisposeScope();
        var batch = torch.empty([2, 2]);
        batch.CopyFrom<float>(new float[] { 1, 2, 3, 4 });
        batch.sum().item<float>().Should().Be(10);
        batch.AsSpan<float>()[3] = 40;
        var into = new float[4];
        batch.CopyTo<float>(into);
        into.Should().Equal(1, 2, 3, 40);

        var buffer = GC.AllocateArray<float>(6, pinned: true);
        unsafe
        {
            fixed (float* p = buffer)
            {
                var view = torch.from_blob((IntPtr)p, [2, 3], torch.float32);
                buffer[4] = 5;
                view.sum().item<float>().Should().Be(5, "the tensor reads the caller's memory directly");
                view.fill_(1);
            }
        }
        buffer.Should().AllBeEquivalentTo(1f);
    }

    [Fact]
    public void Creation_functions_fill_as_pytorch_does()
    {
        using var scope = torch.NewDisposeScope();
        torch.zeros(2, 3).sum().item<float>().Should().Be(0);
        torch.ones([2, 3], torch.float64).sum().item<double>().Should().Be(6);
        torch.full([2, 2], 2.5).ToArray<float>().Should().Equal(2.5f, 2.5f, 2.5f, 2.5f);
        torch.full([2], 3L, torch.int64).ToArray<long>().Should().Equal(3, 3);
        torch.arange(5).ToArray<long>().Should().Equal(0, 1, 2, 3, 4);
        torch.arange(0, 1, 0.25, torch.float32).ToArray<float>().Should().Equal(0, 0.25f, 0.5f, 0.75f);
        var r = torch.rand(1000);
        r.min().item<float>().Should().BeGreaterThanOrEqualTo(0);
        r.max().item<float>().Should().BeLessThan(1);
        torch.randn(10000).mean().item<float>().Should().BeApproximately(0, 0.05f);
        var ints = torch.randint(3, 7, [1000]);
        ints.min().item<long>().Should().Be(3);
        ints.max().item<long>().Should().Be(6);
        var like = torch.zeros_like(ints, torch.float32);
        like.shape.Should().Equal(1000);
        like.dtype.Should().Be(torch.float32);
        torch.ones_like(like).sum().item<float>().Should().Be(1000);
    }

    [Fact]
    public void Manual_seed_makes_random_tensors_repeat()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(42);
        var a = torch.randn(5).ToArray<float>();
        torch.manual_seed(42);
        var b = torch.randn(5).ToArray<float>();
        a.Should().Equal(b);
    }

    [Fact]
    public void Element_wise_math_and_operators()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.tensor(new float[] { 1, 4, 9 });
        var b = torch.tensor(new float[] { 2, 2, 2 });

        (a + b).ToArray<float>().Should().Equal(3, 6, 11);
        (a - 1).ToArray<float>().Should().Equal(0, 3, 8);
        (10 - a).ToArray<float>().Should().Equal(9, 6, 1);
        (a * b * 0.5).ToArray<float>().Should().Equal(1, 4, 9);
        (a / b).ToArray<float>().Should().Equal(0.5f, 2, 4.5f);
        (1 / b).ToArray<float>().Should().Equal(0.5f, 0.5f, 0.5f);
        (-a).ToArray<float>().Should().Equal(-1, -4, -9);
        a.sqrt().ToArray<float>().Should().Equal(1, 2, 3);
        a.pow(2).ToArray<float>().Should().Equal(1, 16, 81);
        a.log().exp().ToArray<float>().Should().BeEquivalentTo(new[] { 1f, 4f, 9f }, o => o.Using<float>(c => c.Subject.Should().BeApproximately(c.Expectation, 1e-5f)).WhenTypeIs<float>());
        (a - 5).abs().ToArray<float>().Should().Equal(4, 1, 4);
        a.clamp(2, 5).ToArray<float>().Should().Equal(2, 4, 5);
        a.clamp(max: 3).ToArray<float>().Should().Equal(1, 3, 3);
        a.gt(b).ToArray<bool>().Should().Equal(false, true, true);
        a.eq(4).ToArray<bool>().Should().Equal(false, true, false);
        torch.where(a.gt(3), a, b).ToArray<float>().Should().Equal(2, 4, 9);
        a.add(b, alpha: 10).ToArray<float>().Should().Equal(21, 24, 29);

        var ints = torch.tensor(new long[] { 1, 2 });
        (ints + 1).dtype.Should().Be(torch.int64, "an integral scalar keeps an int tensor integral, as in PyTorch");
        (ints * 0.5).dtype.Should().Be(torch.float32);
    }

    [Fact]
    public void In_place_updates_used_by_optimizers()
    {
        using var scope = torch.NewDisposeScope();
        var p = torch.tensor(new float[] { 1, 2 });
        var g = torch.tensor(new float[] { 4, 8 });
        p.mul_(2).add_(g, alpha: 0.5);
        p.ToArray<float>().Should().Equal(4, 8);
        p.addcmul_(g, g, value: 0.25).ToArray<float>().Should().Equal(8, 24);
        p.addcdiv_(g, g, value: -1).ToArray<float>().Should().Equal(7, 23);
        p.lerp_(torch.zeros(2), 0.5).ToArray<float>().Should().Equal(3.5f, 11.5f);
        p.div_(0.5).sub_(1).ToArray<float>().Should().Equal(6, 22);
        p.sqrt_().square_().ToArray<float>().Should().BeEquivalentTo(new[] { 6f, 22f }, o => o.Using<float>(c => c.Subject.Should().BeApproximately(c.Expectation, 1e-5f)).WhenTypeIs<float>());
        p.copy_(g).ToArray<float>().Should().Equal(4, 8);
        p.zero_().ToArray<float>().Should().Equal(0, 0);
        p.fill_(3).ToArray<float>().Should().Equal(3, 3);
    }

    [Fact]
    public void Reductions_with_dims_and_keepdim()
    {
        using var scope = torch.NewDisposeScope();
        var t = torch.tensor(new float[] { 1, 5, 3, 4, 2, 6 }, [2, 3]);

        t.sum().item<float>().Should().Be(21);
        t.sum(0).ToArray<float>().Should().Equal(5, 7, 9);
        t.sum(1, keepdim: true).shape.Should().Equal(2, 1);
        t.mean(1).ToArray<float>().Should().Equal(3, 4);
        t.mean([0L, 1L]).item<float>().Should().Be(3.5f);
        t.max().item<float>().Should().Be(6);
        var (values, indices) = t.max(1);
        values.ToArray<float>().Should().Equal(5, 6);
        indices.ToArray<long>().Should().Equal(1, 2);
        t.argmax().item<long>().Should().Be(5);
        t.argmax(0).ToArray<long>().Should().Equal(1, 0, 1);
        t.argmin(1, keepdim: true).shape.Should().Equal(2, 1);
        t.gt(3).sum().item<long>().Should().Be(3, "summing a bool tensor counts");
    }

    [Fact]
    public void Shape_operations()
    {
        using var scope = torch.NewDisposeScope();
        var t = torch.arange(24).reshape(2, 3, 4);

        t.view(6, 4).shape.Should().Equal(6, 4);
        t.permute(2, 0, 1).shape.Should().Equal(4, 2, 3);
        t.transpose(0, 2).shape.Should().Equal(4, 3, 2);
        t.flatten(1).shape.Should().Equal(2, 12);
        t.flatten().shape.Should().Equal(24);
        t.unsqueeze(1).shape.Should().Equal(2, 1, 3, 4);
        t.unsqueeze(0).squeeze(0).shape.Should().Equal(2, 3, 4);
        torch.zeros(1, 3, 1).squeeze().shape.Should().Equal(3);
        t.narrow(2, 1, 2).ToArray<long>()[..4].Should().Equal(1, 2, 5, 6);
        t.slice(1, 0, 3, 2).shape.Should().Equal(2, 2, 4);
        t[1].select(0, 2).ToArray<long>().Should().Equal(20, 21, 22, 23);
        t.index_select(2, torch.tensor(new long[] { 3, 0 })).ToArray<long>()[..2].Should().Equal(3, 0);
        torch.cat([torch.zeros(2, 3), torch.ones(1, 3)]).shape.Should().Equal(3, 3);
        torch.stack([torch.zeros(2, 3), torch.ones(2, 3)], 1).shape.Should().Equal(2, 2, 3);
        var v = torch.arange(5);
        v.index(v.gt(2)).ToArray<long>().Should().Equal(3, 4);
        t.transpose(0, 1).is_contiguous().Should().BeFalse();
        t.size(-1).Should().Be(4);
        t.dim().Should().Be(3);
        t.numel().Should().Be(24);
    }

    [Fact]
    public void Thread_count_can_be_set_and_read()
    {
        var before = torch.get_num_threads();
        torch.set_num_threads(1);
        torch.get_num_threads().Should().Be(1);
        torch.set_num_threads(before);
        torch.get_num_threads().Should().Be(before);
    }
}
