using Mlops.Torch.Optim;
using Mlops.Torch.Tests.Reference;

namespace Mlops.Torch.Tests.Optim;

/// <summary>Five steps of each optimizer on the same parameters and gradients as PyTorch, and LR schedule sequences.</summary>
public class OptimizerVsPyTorchTests : IClassFixture<OptimizerVsPyTorchTests.PyTorchRun>
{
    private const int Steps = 5;
    private const double Tolerance = 1e-5;
    private static readonly float[] W0 = RandomData.Normal(12, 11);
    private static readonly float[] B0 = RandomData.Normal(4, 12);
    private static readonly float[][] WGrads = Enumerable.Range(0, Steps).Select(s => RandomData.Normal(12, 100 + s)).ToArray();
    private static readonly float[][] BGrads = Enumerable.Range(0, Steps).Select(s => RandomData.Normal(4, 200 + s)).ToArray();

    /// <summary>One Python run computes every reference of this class.</summary>
    public sealed class PyTorchRun : IDisposable
    {
        public TorchReference Reference { get; } = new();

        public PyTorchRun()
        {
            var r = Reference;
            r.Input("w0", W0);
            r.Input("b0", B0);
            for (int s = 0; s < Steps; s++)
            {
                r.Input($"gw{s}", WGrads[s]);
                r.Input($"gb{s}", BGrads[s]);
            }
            r.Code($$"""
                def run(name, make):
                    w = load('w0', (3, 4)).requires_grad_(); b = load('b0', (4,)).requires_grad_()
                    opt = make([w, b])
                    for s in range({{Steps}}):
                        w.grad = load(f'gw{s}', (3, 4)); b.grad = load(f'gb{s}', (4,))
                        opt.step()
                    save(name + '_w', w); save(name + '_b', b)
                    return opt, w
                run('nesterov', lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True, weight_decay=1e-2))
                run('damped', lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.8, dampening=0.1))
                run('plain', lambda p: torch.optim.SGD(p, lr=0.2))
                # Groups: the bias without weight decay (listed first, so the decayed weight sits after it).
                run('nesterov_groups', lambda p: torch.optim.SGD([{'params': [p[1]], 'weight_decay': 0}, {'params': [p[0]]}],
                    lr=0.1, momentum=0.9, nesterov=True, weight_decay=1e-2))
                run('adamw_groups', lambda p: torch.optim.AdamW([{'params': [p[0]]}, {'params': [p[1]], 'weight_decay': 0}],
                    lr=1e-2, betas=(0.9, 0.99), eps=1e-8, weight_decay=0.05))
                opt, w = run('adamw', lambda p: torch.optim.AdamW(p, lr=1e-2, betas=(0.9, 0.99), eps=1e-8, weight_decay=0.05))
                save('adamw_exp_avg_sq', opt.state[w]['exp_avg_sq'])

                def lrs(make, n):
                    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
                    sched = make(opt)
                    out = [opt.param_groups[0]['lr']]
                    for _ in range(n):
                        opt.step(); sched.step(); out.append(opt.param_groups[0]['lr'])
                    return torch.tensor(out, dtype=torch.float64)
                import warnings; warnings.simplefilter('ignore')
                S = torch.optim.lr_scheduler
                save('step_lr', lrs(lambda o: S.StepLR(o, step_size=3, gamma=0.5), 10))
                save('cosine_lr', lrs(lambda o: S.CosineAnnealingLR(o, T_max=5, eta_min=0.001), 17))
                save('linear_lr', lrs(lambda o: S.LinearLR(o, start_factor=0.25, total_iters=4), 8))
                save('warmup_cosine_lr', lrs(lambda o: S.SequentialLR(o, [S.LinearLR(o, start_factor=0.1, total_iters=3),
                    S.CosineAnnealingLR(o, T_max=7, eta_min=0.001)], milestones=[3]), 14))
                """);
            r.Run();
        }

        public void Dispose() => Reference.Dispose();
    }

    private readonly TorchReference reference;

    public OptimizerVsPyTorchTests(PyTorchRun run) => reference = run.Reference;

    private static (Parameter w, Parameter b) Parameters()
    {
        using var scope = torch.NewDisposeScope();
        return (new Parameter(torch.tensor(W0, [3, 4])), new Parameter(torch.tensor(B0)));
    }

    private static void RunSteps(Optimizer optimizer, Parameter w, Parameter b, int from, int to)
    {
        for (int s = from; s < to; s++)
        {
            using var scope = torch.NewDisposeScope();
            w.grad = torch.tensor(WGrads[s], [3, 4]);
            b.grad = torch.tensor(BGrads[s]);
            optimizer.step();
        }
    }

    private void AssertMatches(string name, Parameter w, Parameter b)
    {
        Close.Assert(w.ToArray<float>(), reference.Output(name + "_w"), Tolerance, name + " weight");
        Close.Assert(b.ToArray<float>(), reference.Output(name + "_b"), Tolerance, name + " bias");
    }

    [Theory]
    [InlineData("nesterov")]
    [InlineData("damped")]
    [InlineData("plain")]
    [InlineData("adamw")]
    [InlineData("nesterov_groups")]
    [InlineData("adamw_groups")]
    public void Five_steps_match_pytorch(string name)
    {
        var (w, b) = Parameters();
        using var _w = w;
        using var _b = b;
        using var optimizer = Create(name, w, b);

        RunSteps(optimizer, w, b, 0, Steps);

        AssertMatches(name, w, b);
    }

    [Theory]
    [InlineData("nesterov")]
    [InlineData("adamw")]
    public void A_run_resumed_from_the_saved_state_continues_exactly(string name)
    {
        var (w, b) = Parameters();
        using var _w = w;
        using var _b = b;
        var first = Create(name, w, b);
        RunSteps(first, w, b, 0, 3);
        using var scope = torch.NewDisposeScope();
        var saved = first.state_dict();
        first.Dispose();

        using var resumed = Create(name, w, b);
        resumed.load_state_dict(saved);
        RunSteps(resumed, w, b, 3, Steps);

        AssertMatches(name, w, b);
        if (name == "adamw")
        {
            saved.Keys.Should().Contain(["lr", "w.step", "w.exp_avg", "w.exp_avg_sq", "b.step"]);
            var state = resumed.state_dict();
            state["w.step"].item<double>().Should().Be(Steps);
            Close.Assert(state["w.exp_avg_sq"].ToArray<float>(), reference.Output("adamw_exp_avg_sq"), Tolerance, "exp_avg_sq");
        }
        else
        {
            saved.Keys.Should().Equal("lr", "w.momentum_buffer", "b.momentum_buffer");
        }
    }

    private static Optimizer Create(string name, Parameter w, Parameter b)
    {
        (string, Parameter)[] named = [("w", w), ("b", b)];
        return name switch
        {
            "nesterov" => torch.optim.SGD(named, lr: 0.1, momentum: 0.9, nesterov: true, weight_decay: 1e-2),
            "damped" => torch.optim.SGD(named, lr: 0.05, momentum: 0.8, dampening: 0.1),
            "plain" => torch.optim.SGD(named, lr: 0.2),
            "adamw" => torch.optim.AdamW(named, lr: 1e-2, betas: (0.9, 0.99), eps: 1e-8, weight_decay: 0.05),
            "nesterov_groups" => torch.optim.SGD([new ParamGroup([("b", b)], weight_decay: 0), new ParamGroup([("w", w)])], lr: 0.1, momentum: 0.9,
                nesterov: true, weight_decay: 1e-2),
            "adamw_groups" => torch.optim.AdamW([new ParamGroup([("w", w)]), new ParamGroup([("b", b)], weight_decay: 0)], lr: 1e-2, betas: (0.9, 0.99),
                eps: 1e-8, weight_decay: 0.05),
            _ => throw new ArgumentException(name),
        };
    }

    [Theory]
    [InlineData("step_lr", 10)]
    [InlineData("cosine_lr", 17)]
    [InlineData("linear_lr", 8)]
    [InlineData("warmup_cosine_lr", 14)]
    public void Learning_rate_schedules_match_pytorch(string name, int steps)
    {
        using var zeros = torch.zeros(1);
        using var p = new Parameter(zeros);
        using var optimizer = torch.optim.SGD([p], lr: 0.1);
        var schedule = Schedule(name, optimizer);

        var lrs = new List<double> { optimizer.lr };
        for (int s = 0; s < steps; s++)
        {
            schedule.step();
            lrs.Add(optimizer.lr);
        }

        var expected = reference.Output(name);
        lrs.Should().HaveCount(expected.Length);
        for (int k = 0; k < expected.Length; k++)
            lrs[k].Should().BeApproximately(expected[k], 1e-12, $"{name} after {k} steps");
        schedule.get_last_lr().Should().Be(optimizer.lr);
    }

    [Fact]
    public void A_schedule_restored_from_its_state_continues_the_same_sequence()
    {
        using var zeros = torch.zeros(1);
        using var p = new Parameter(zeros);
        using var straight = torch.optim.SGD([p], lr: 0.1);
        var reference = Schedule("warmup_cosine_lr", straight);
        for (int s = 0; s < 5; s++) reference.step();
        var saved = reference.state_dict();
        var savedLr = straight.lr;
        var savedInitial = straight.initial_lr;
        var expected = new List<double>();
        for (int s = 0; s < 6; s++) { reference.step(); expected.Add(straight.lr); }

        using var fresh = torch.optim.SGD([p], lr: 0.1);
        var resumed = Schedule("warmup_cosine_lr", fresh);
        resumed.load_state_dict(saved);
        fresh.lr = savedLr;
        fresh.initial_lr = savedInitial;
        var actual = new List<double>();
        for (int s = 0; s < 6; s++) { resumed.step(); actual.Add(fresh.lr); }

        saved["last_epoch"].Should().Be(5);
        actual.Should().Equal(expected);
    }

    private static LRScheduler Schedule(string name, Optimizer o) => name switch
    {
        "step_lr" => torch.optim.lr_scheduler.StepLR(o, step_size: 3, gamma: 0.5),
        "cosine_lr" => torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max: 5, eta_min: 0.001),
        "linear_lr" => torch.optim.lr_scheduler.LinearLR(o, start_factor: 0.25, total_iters: 4),
        "warmup_cosine_lr" => torch.optim.lr_scheduler.SequentialLR(o,
            [torch.optim.lr_scheduler.LinearLR(o, start_factor: 0.1, total_iters: 3),
             torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max: 7, eta_min: 0.001)], [3]),
        _ => throw new ArgumentException(name),
    };
}
