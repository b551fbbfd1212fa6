using F = Mlops.Torch.torch.nn.functional;

namespace Mlops.Torch.Modules;

/// <summary>
/// Batch normalisation over channels of [N, C, H, W], with the state PyTorch keeps: weight, bias, running_mean,
/// running_var and num_batches_tracked. momentum null means a cumulative moving average, as in PyTorch.
/// </summary>
public sealed class BatchNorm2d : Module<Tensor, Tensor>
{
    public BatchNorm2d(
        long num_features,
        double eps = 1e-5,
        double? momentum = 0.1,
        bool affine = true,
        bool track_running_stats = true
    )
    {
        this.num_features = num_features;
        this.eps = eps;
        this.momentum = momentum;
        this.affine = affine;
        this.track_running_stats = track_running_stats;
        using var scope = torch.NewDisposeScope();
        if (affine)
        {
            weight = new Parameter(torch.ones([num_features]));
            bias = new Parameter(torch.zeros([num_features]));
        }
        register_parameter("weight", weight);
        register_parameter("bias", bias);
        if (track_running_stats)
        {
            running_mean = torch.zeros([num_features]);
            running_var = torch.ones([num_features]);
            num_batches_tracked = torch.zeros([], torch.int64);
        }
        register_buffer("running_mean", running_mean);
        register_buffer("running_var", running_var);
        register_buffer("num_batches_tracked", num_batches_tracked);
    }

    public long num_features { get; }
    public double eps { get; }
    public double? momentum { get; }
    public bool affine { get; }
    public bool track_running_stats { get; }
    public Parameter? weight { get; }
    public Parameter? bias { get; }
    public Tensor? running_mean { get; }
    public Tensor? running_var { get; }
    public Tensor? num_batches_tracked { get; }

    public override string extra_repr() =>
        $"{num_features}, eps={ModuleRepr.Number(eps)}, momentum={(momentum.HasValue ? ModuleRepr.Number(momentum.Value) : "None")}, "
        + $"affine={ModuleRepr.Bool(affine)}, track_running_stats={ModuleRepr.Bool(track_running_stats)}";

    public override Tensor forward(Tensor input)
    {
        if (input.dim() != 4)
            throw new TorchException($"BatchNorm2d expects 4-D input [N, C, H, W], got {input.dim()}-D");
        bool updateStats = training && track_running_stats;
        bool useBatchStats = training || running_mean is null;
        double factor = momentum ?? 0.0;
        if (updateStats && momentum is null)
        {
            // Cumulative average: the factor depends on the count after this batch.
            factor = 1.0 / (num_batches_tracked!.item<long>() + 1);
        }
        return F.BatchNorm(
            input,
            !training || track_running_stats ? running_mean : null,
            !training || track_running_stats ? running_var : null,
            weight,
            bias,
            updateStats ? num_batches_tracked : null,
            useBatchStats,
            factor,
            eps
        );
    }
}
