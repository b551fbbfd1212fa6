using Mlops.Torch.Optim;
using Mlops.Torch.Tests.Reference;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.optim;
using static TorchSharp.torch.optim.lr_scheduler;

namespace Mlops.Torch.Tests.Optim;

/// <summary>
/// Five steps of each optimizer the trainer builds (our in-place SGD, TorchSharp's AdamW) on the same parameters and
/// gradients as PyTorch 1.13, a resume through the state saved by name, and TorchSharp's LR schedules.
/// </summary>
public class OptimizerVsPyTorchTests : IClassFixture<OptimizerVsPyTorchTests.PyTorchRun>
{
    private const int Steps = 5;
    private const double Tolerance = 1e-5;
    private static readonly float[] W0 = RandomData.Normal(12, 11);
    private static readonly float[] B0 = RandomData.Normal(4, 12);
    private static readonly float[][] WGrads = Enumerable
        .Range(0, Steps)
        .Select(s => RandomData.Normal(12, 100 + s))
        .ToArray();
    private static readonly float[][] BGrads = Enumerable
        .Range(0, Steps)
        .Select(s => RandomData.Normal(4, 200 + s))
        .ToArray();

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
            r.Code(
                $$"""
                def run(name, make):
                    w = load('w0', (3, 4)).requires_grad_(); b = load('b0', (4,)).requires_grad_()
                    opt = make([w, b])
                    for s in range({{Steps}}):
                        w.grad = load(f'gw{s}', (3, 4)); b.grad = load(f'gb{s}', (4,))
                        opt.step()
                    save(name + '_w', w); save(name + '_b', b)
                    return opt, w
                run('nesterov', lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True, weight_decay=1e-2))
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
                """
            );
            r.Run();
        }

        public void Dispose() => Reference.Dispose();
    }

    private readonly TorchReference reference;

    public OptimizerVsPyTorchTests(PyTorchRun run) => reference = run.Reference;

    /// <summary>The two parameters as a module, so the optimizer state can be saved by their names.</summary>
    private sealed class WeightAndBias : nn.Module
    {
        public WeightAndBias()
            : base(nameof(WeightAndBias))
        {
            register_parameter("w", new Parameter(tensor(W0, [3, 4])));
            register_parameter("b", new Parameter(tensor(B0)));
        }

        public Parameter w => get_parameter("w")!;
        public Parameter b => get_parameter("b")!;
    }

    private static void RunSteps(Optimizer optimizer, WeightAndBias p, int from, int to)
    {
        for (int s = from; s < to; s++)
        {
            using var scope = NewDisposeScope();
            p.w.grad = tensor(WGrads[s], [3, 4]);
            p.b.grad = tensor(BGrads[s]);
            optimizer.step();
        }
    }

    private void AssertMatches(string name, WeightAndBias p)
    {
        Close.Assert(p.w.ToArray<float>(), reference.Output(name + "_w"), Tolerance, name + " weight");
        Close.Assert(p.b.ToArray<float>(), reference.Output(name + "_b"), Tolerance, name + " bias");
    }

    [Theory]
    [InlineData("nesterov")]
    [InlineData("plain")]
    [InlineData("adamw")]
    [InlineData("nesterov_groups")]
    [InlineData("adamw_groups")]
    public void Five_steps_match_pytorch(string name)
    {
        using var p = new WeightAndBias();
        using var optimizer = Create(name, p);

        RunSteps(optimizer, p, 0, Steps);

        AssertMatches(name, p);
    }

    [Fact]
    public void The_in_place_sgd_refuses_dampening_rather_than_computing_something_else()
    {
        using var p = new WeightAndBias();
        using var optimizer = new InPlaceSgd(
            [new SGD.ParamGroup(p.parameters(), new SGD.Options { dampening = 0.1 })],
            0.05,
            0.8,
            0,
            nesterov: false
        );

        var act = () => RunSteps(optimizer, p, 0, 1);

        act.Should().Throw<NotSupportedException>().WithMessage("*dampening 0*");
    }

    [Fact]
    public void Zero_grad_drops_the_gradients_as_pytorch_2_does()
    {
        using var p = new WeightAndBias();
        using var optimizer = Create("nesterov", p);
        RunSteps(optimizer, p, 0, 1);

        optimizer.zero_grad();

        p.parameters().Should().OnlyContain(parameter => ReferenceEquals(parameter.grad, null));
    }

    [Theory]
    [InlineData("nesterov")]
    [InlineData("adamw")]
    [InlineData("nesterov_groups")]
    public void A_run_resumed_from_the_state_saved_by_name_continues_exactly(string name)
    {
        using var p = new WeightAndBias();
        var first = Create(name, p);
        RunSteps(first, p, 0, 3);
        using var scope = NewDisposeScope();
        var saved = NamedOptimizerState.Save(first, p);
        first.Dispose();

        using var resumed = Create(name, p);
        NamedOptimizerState.Load(resumed, p, saved, "test");
        RunSteps(resumed, p, 3, Steps);

        AssertMatches(name, p);
        if (name == "adamw")
        {
            saved.Keys.Should().Contain(["param_groups.0.lr", "w.step", "w.exp_avg", "w.exp_avg_sq", "b.step"]);
            var state = NamedOptimizerState.Save(resumed, p);
            state["w.step"].item<long>().Should().Be(Steps);
            Close.Assert(
                state["w.exp_avg_sq"].ToArray<float>(),
                reference.Output("adamw_exp_avg_sq"),
                Tolerance,
                "exp_avg_sq"
            );
        }
        else
        {
            saved
                .Keys.Where(k => !k.StartsWith("param_groups."))
                .Should()
                .BeEquivalentTo("w.momentum_buffer", "b.momentum_buffer");
        }
    }

    [Fact]
    public void State_that_does_not_fit_the_optimizer_is_refused_by_name()
    {
        using var p = new WeightAndBias();
        using var optimizer = Create("nesterov", p);
        RunSteps(optimizer, p, 0, 1);
        using var scope = NewDisposeScope();
        var saved = NamedOptimizerState.Save(optimizer, p);
        saved["conv9.weight.momentum_buffer"] = zeros(1);

        var act = () => NamedOptimizerState.Load(optimizer, p, saved, "last.safetensors");

        act.Should()
            .Throw<Core.Errors.MlopsException>()
            .WithMessage("*conv9.weight.momentum_buffer*")
            .Which.Where.Should()
            .Be("last.safetensors");
        saved.Remove("conv9.weight.momentum_buffer");
        saved.Remove("param_groups.0.lr");
        act.Should().Throw<Core.Errors.MlopsException>().WithMessage("*'param_groups.0.lr'*");
    }

    private static Optimizer Create(string name, WeightAndBias p) =>
        name switch
        {
            "nesterov" => new InPlaceSgd(
                [new SGD.ParamGroup { Parameters = p.parameters() }],
                0.1,
                0.9,
                1e-2,
                nesterov: true
            ),
            "plain" => new InPlaceSgd([new SGD.ParamGroup { Parameters = p.parameters() }], 0.2, 0, 0, nesterov: false),
            "adamw" => AdamW(p.parameters(), lr: 1e-2, beta1: 0.9, beta2: 0.99, eps: 1e-8, weight_decay: 0.05),
            "nesterov_groups" => new InPlaceSgd(
                [
                    new SGD.ParamGroup([p.b], new SGD.Options { weight_decay = 0 }),
                    new SGD.ParamGroup { Parameters = [p.w] },
                ],
                0.1,
                0.9,
                1e-2,
                nesterov: true
            ),
            "adamw_groups" => AdamW(
                [
                    new AdamW.ParamGroup { Parameters = [p.w] },
                    new AdamW.ParamGroup([p.b], new AdamW.Options { weight_decay = 0 }),
                ],
                lr: 1e-2,
                beta1: 0.9,
                beta2: 0.99,
                eps: 1e-8,
                weight_decay: 0.05
            ),
            _ => throw new ArgumentException(name),
        };

    private static double Lr(Optimizer optimizer) => optimizer.ParamGroups.First().LearningRate;

    [Theory]
    [InlineData("step_lr", 10)]
    [InlineData("cosine_lr", 17)]
    [InlineData("linear_lr", 8)]
    [InlineData("warmup_cosine_lr", 14)]
    public void Learning_rate_schedules_match_pytorch(string name, int steps)
    {
        using var p = new WeightAndBias();
        using var optimizer = SGD(p.parameters(), 0.1);
        var schedule = Schedule(name, optimizer);

        var lrs = new List<double> { Lr(optimizer) };
        for (int s = 0; s < steps; s++)
        {
            schedule.step();
            lrs.Add(Lr(optimizer));
        }

        var expected = reference.Output(name);
        lrs.Should().HaveCount(expected.Length);
        for (int k = 0; k < expected.Length; k++)
            lrs[k].Should().BeApproximately(expected[k], 1e-12, $"{name} after {k} steps");
    }

    [Fact]
    public void A_schedule_replayed_to_the_saved_step_continues_the_same_sequence()
    {
        // The trainer's resume: TorchSharp's schedules keep no state to save, so a fresh one is stepped to the
        // checkpoint's step, then the optimizer's saved rates are put back.
        using var p = new WeightAndBias();
        using var straight = SGD(p.parameters(), 0.1);
        var uninterrupted = Schedule("warmup_cosine_lr", straight);
        for (int s = 0; s < 5; s++)
            uninterrupted.step();
        var expected = new List<double>();
        for (int s = 0; s < 6; s++)
        {
            uninterrupted.step();
            expected.Add(Lr(straight));
        }

        using var fresh = SGD(p.parameters(), 0.1);
        var replayed = Schedule("warmup_cosine_lr", fresh);
        for (int s = 0; s < 5; s++)
            replayed.step();
        var actual = new List<double>();
        for (int s = 0; s < 6; s++)
        {
            replayed.step();
            actual.Add(Lr(fresh));
        }

        actual.Should().Equal(expected);
    }

    private static LRScheduler Schedule(string name, Optimizer o) =>
        name switch
        {
            "step_lr" => StepLR(o, step_size: 3, gamma: 0.5),
            "cosine_lr" => CosineAnnealingLR(o, T_max: 5, eta_min: 0.001),
            "linear_lr" => LinearLR(o, start_factor: 0.25, total_iters: 4),
            "warmup_cosine_lr" => SequentialLR(
                o,
                [LinearLR(o, start_factor: 0.1, total_iters: 3), CosineAnnealingLR(o, T_max: 7, eta_min: 0.001)],
                [3]
            ),
            _ => throw new ArgumentException(name),
        };
}
