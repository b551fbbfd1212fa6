using Mlops.Torch.Modules;

namespace Mlops.Torch.Tests.Tensors;

/// <summary>Long-running: thousands of training steps must neither grow resident memory nor leave native tensors.</summary>
[Collection(nameof(NativeCounterCollection))]
public class LeakTests
{
    private const int WarmUp = 300;
    private const int Iterations = 3000;

    [Fact]
    public void Training_steps_in_dispose_scopes_keep_memory_flat_and_free_every_tensor()
    {
        var baseline = LiveTensors.Settled();
        long residentAfterWarmUp = 0;
        using (var model = torch.nn.Sequential(
                   torch.nn.Conv2d(1, 8, 3, padding: 1), torch.nn.BatchNorm2d(8), torch.nn.ReLU(inplace: true),
                   torch.nn.MaxPool2d(2), torch.nn.Conv2d(8, 8, 3, padding: 1), torch.nn.ReLU(),
                   torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten(), torch.nn.Dropout(0.1), torch.nn.Linear(8, 4)))
        using (var optimizer = torch.optim.SGD(model.named_parameters(), lr: 0.05, momentum: 0.9, nesterov: true, weight_decay: 1e-4))
        {
            var batch = new float[8 * 12 * 12];
            var labels = new long[8];
            var random = new Random(3);
            float firstLoss = 0, lastLoss = 0;
            for (int step = 0; step < WarmUp + Iterations; step++)
            {
                using var scope = torch.NewDisposeScope();
                for (int k = 0; k < labels.Length; k++) labels[k] = k % 4;
                for (int k = 0; k < batch.Length; k++) batch[k] = (float)random.NextDouble() + labels[k / 144] * 0.5f;
                var x = torch.tensor(batch, [8, 1, 12, 12]);
                var y = torch.tensor(labels);

                optimizer.zero_grad();
                var loss = torch.nn.functional.cross_entropy(model.forward(x), y, label_smoothing: 0.1);
                loss.backward();
                optimizer.step();

                if (step == 0) firstLoss = loss.item<float>();
                if (step == WarmUp) residentAfterWarmUp = ResidentBytes();
                if (step == WarmUp + Iterations - 1) lastLoss = loss.item<float>();
            }
            var residentAtEnd = ResidentBytes();

            lastLoss.Should().BeLessThan(firstLoss, "the loop really trains");
            (residentAtEnd - residentAfterWarmUp).Should().BeLessThan(16L << 20,
                $"resident memory went from {residentAfterWarmUp >> 20} MiB to {residentAtEnd >> 20} MiB over {Iterations} steps");
        }
        LiveTensors.Settled().Should().Be(baseline, "disposing the model and optimizer frees their tensors");
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
