using Mlops.Torch.Compute;
using Mlops.Torch.Optim;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mlops.Torch.Tests.Compute;

/// <summary>
/// Long-running: 3,300 training steps with everything the trainer adds to TorchSharp (in-place SGD, bf16 autocast,
/// channels_last, tensors from spans and back, state saved by name) must neither grow resident memory nor leave
/// tensors alive from one step to the next (TorchSharp's count of live tensors).
/// </summary>
[Collection(nameof(LeakTests))]
public class LeakTests
{
    private const int WarmUp = 300;
    private const int Iterations = 3000;

    [Fact]
    public void Training_steps_in_dispose_scopes_keep_memory_flat_and_free_every_tensor()
    {
        long residentAfterWarmUp = 0,
            liveAfterWarmUp = 0,
            liveAtEnd = 0;
        using (
            var model = nn.Sequential(
                nn.Conv2d(1, 8, 3, padding: 1),
                nn.BatchNorm2d(8),
                nn.ReLU(inplace: true),
                nn.MaxPool2d(2),
                nn.Conv2d(8, 8, 3, padding: 1),
                nn.ReLU(),
                nn.AdaptiveAvgPool2d(1),
                nn.Flatten(),
                nn.Dropout(0.1),
                nn.Linear(8, 4)
            )
        )
        using (
            var optimizer = new InPlaceSgd(
                [new SGD.ParamGroup { Parameters = model.parameters() }],
                0.05,
                0.9,
                1e-4,
                nesterov: true
            )
        )
        {
            ChannelsLast.Apply(model);
            var batch = new float[8 * 12 * 12];
            var labels = new long[8];
            var logits = new float[8 * 4];
            var random = new Random(3);
            float firstLoss = 0,
                lastLoss = 0;
            for (int step = 0; step < WarmUp + Iterations; step++)
            {
                using var scope = NewDisposeScope();
                for (int k = 0; k < labels.Length; k++)
                    labels[k] = k % 4;
                for (int k = 0; k < batch.Length; k++)
                    batch[k] = (float)random.NextDouble() + labels[k / 144] * 0.5f;
                var x = ChannelsLast.Of(TensorCopies.FromSpan(batch, [8, 1, 12, 12]));
                var y = TensorCopies.FromSpan(labels, [8]);

                optimizer.zero_grad();
                Tensor output;
                using (step % 2 == 0 ? new BFloat16Autocast() : null)
                    output = model.forward(x);
                var loss = nn.functional.cross_entropy(output.to(float32), y, label_smoothing: 0.1);
                loss.backward();
                optimizer.step();
                output.to(float32).CopyTo<float>(logits);
                if (step % 500 == 0)
                    NamedOptimizerState.Save(optimizer, model);

                if (step == 0)
                    firstLoss = loss.item<float>();
                if (step == WarmUp)
                    (residentAfterWarmUp, liveAfterWarmUp) = (ResidentBytes(), LiveTensors());
                if (step == WarmUp + Iterations - 1)
                    (lastLoss, liveAtEnd) = (loss.item<float>(), LiveTensors());
            }
            var residentAtEnd = ResidentBytes();

            lastLoss.Should().BeLessThan(firstLoss, "the loop really trains");
            (residentAtEnd - residentAfterWarmUp)
                .Should()
                .BeLessThan(
                    16L << 20,
                    $"resident memory went from {residentAfterWarmUp >> 20} MiB to {residentAtEnd >> 20} MiB over {Iterations} steps"
                );
        }
        // Both counts are taken inside a step's scope, at the same point: every step freed what it made.
        liveAtEnd.Should().Be(liveAfterWarmUp, $"{Iterations} steps left no tensor alive");
    }

    /// <summary>Tensors alive in the process (TorchSharp's count: created minus disposed or finalised), once the
    /// temporaries left to the garbage collector are finalised. (Disposing a TorchSharp Sequential leaves some of
    /// its children's tensor wrappers to the finaliser, so the count is compared within the model's life.)</summary>
    private static long LiveTensors()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return Tensor.TotalCount;
    }

    private static long ResidentBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var fields = File.ReadAllText("/proc/self/statm").Split(' ');
        return long.Parse(fields[1]) * Environment.SystemPageSize;
    }
}

/// <summary>The leak test counts the whole process's tensors: no other test may run beside it.</summary>
[CollectionDefinition(nameof(LeakTests), DisableParallelization = true)]
public sealed class LeakTestsCollection;
