using Mlops.Torch;
using Mlops.Torch.Compute;
using Mlops.Train.Config;
using Mlops.Train.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Mlops.Train.Training;

/// <summary>
/// An exponential moving average of a model's weights and BatchNorm statistics (train.ema), held in a second network
/// of the same shape so validation, the test evaluation and the best checkpoint use it exactly as they would the model.
/// </summary>
public sealed class WeightAverage : IDisposable
{
    private readonly (Tensor Average, Tensor Live)[] _averaged;

    /// <summary>Integer buffers (BatchNorm's batch counter): counts, copied rather than averaged.</summary>
    private readonly (Tensor Average, Tensor Live)[] _copied;
    private readonly int _everySteps;
    private readonly double _liveWeight;

    public WeightAverage(ResNet live, EmaConfig config, ComputeMode compute)
    {
        Model = ResNets.Create(live.Description);
        if (compute.ChannelsLast)
            ChannelsLast.Apply(Model);
        Model.RequiresGrad(false);
        Model.eval();
        var liveTensors = live.state_dict();
        Model.load_state_dict(liveTensors);
        var pairs = Model.state_dict().Select(entry => (Average: entry.Value, Live: liveTensors[entry.Key])).ToList();
        _averaged = pairs.Where(p => p.Average.dtype == ScalarType.Float32).ToArray();
        _copied = pairs.Where(p => p.Average.dtype != ScalarType.Float32).ToArray();
        _everySteps = config.EverySteps;
        // One update every k steps stands for k per-step updates: keep decay^k of the average.
        _liveWeight = 1 - Math.Pow(config.Decay, config.EverySteps);
    }

    /// <summary>The averaged network (eval mode, no gradients).</summary>
    public ResNet Model { get; }

    /// <summary>Folds the live weights in after optimizer step <paramref name="globalStep"/> (1-based).</summary>
    public void Update(long globalStep)
    {
        if (globalStep % _everySteps != 0)
            return;
        using var noGrad = torch.no_grad();
        foreach (var (average, live) in _averaged)
            average.lerp_(live, _liveWeight);
        foreach (var (average, live) in _copied)
            average.copy_(live);
    }

    public void Dispose() => Model.Dispose();
}
