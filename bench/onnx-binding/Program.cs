using System.Globalization;
using Mlops.Bench.OnnxBinding;

// Usage: dotnet Mlops.Bench.OnnxBinding.dll MODEL.onnx [threads=2] [rounds=20]
//        dotnet Mlops.Bench.OnnxBinding.dll --write-model MODEL.onnx   (the model, written by our exporter)
// Microsoft.ML.OnnxRuntime's managed API and onnxruntime-node (a node child process, test reference only) load the
// same file with the same options and alternate in short rounds, so both see the same machine load. The ratio is the
// median over rounds of (managed p50 / node p50) in that round. Target (issue 19): managed <= 1.05 x node.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
if (args is ["--write-model", var output])
{
    ExportedResNet18.Write(output);
    return 0;
}

var model = args.Length > 0 ? args[0] : throw new ArgumentException("usage: MODEL.onnx [threads] [rounds]");
var threads = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2;
var roundCount = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;
int CallsPerRound(int batch) => batch == 1 ? 40 : 4;
var rounds = new[] { new BatchRounds(1), new BatchRounds(32) };
var script = Path.Combine(AppContext.BaseDirectory, "node-reference.js");

using (var managed = new ManagedOrtBenchmark(model, threads))
using (var node = new NodeReference(script, model, threads))
{
    Console.WriteLine($"Microsoft.ML.OnnxRuntime {ManagedOrtBenchmark.RuntimeVersion} (managed) vs onnxruntime-node " +
                      $"{node.Version}; model {Path.GetFileName(model)}; {threads} intra-op threads, 1 inter-op, " +
                      "spinning off");
    Console.WriteLine($"{roundCount} alternating rounds of {CallsPerRound(1)} (batch 1) / {CallsPerRound(32)} " +
                      "(batch 32) calls per side");
    foreach (var r in rounds)
    {
        // Warm-up: the first calls allocate arenas and plan memory on both sides.
        managed.Time(r.Batch, 3 * CallsPerRound(r.Batch));
        managed.TimeReused(r.Batch, 3 * CallsPerRound(r.Batch));
        node.Time(r.Batch, 3 * CallsPerRound(r.Batch));
        var difference = managed.Logits(r.Batch).Zip(node.Logits, (a, b) => Math.Abs(a - b)).Max();
        if (difference > 1e-3)
        {
            throw new InvalidOperationException($"batch {r.Batch}: logits differ by {difference} between the sides");
        }
    }

    for (var round = 0; round < roundCount; round++)
    {
        foreach (var r in rounds)
        {
            var calls = CallsPerRound(r.Batch);
            // Swap who goes first so neither side always follows the other's cache state.
            double[] m, n;
            if (round % 2 == 0)
            {
                m = managed.Time(r.Batch, calls);
                n = node.Time(r.Batch, calls);
            }
            else
            {
                n = node.Time(r.Batch, calls);
                m = managed.Time(r.Batch, calls);
            }

            r.Add(m, n, managed.TimeReused(r.Batch, calls));
        }
    }
}

Console.WriteLine();
Console.WriteLine("batch | managed p50 ms | node p50 ms | managed/node (rounds' range) | reused p50 ms | reused/node");
Console.WriteLine("----- | -------------- | ----------- | ---------------------------- | ------------- | -----------");
foreach (var r in rounds)
{
    Console.WriteLine($"{r.Batch,5} | {r.ManagedP50,14:F3} | {r.NodeP50,11:F3} | " +
                      $"{$"{r.Ratio:F3} ({r.LowestRatio:F2}-{r.HighestRatio:F2})",28} | {r.ReusedP50,13:F3} | " +
                      $"{r.ReusedRatio,11:F3}");
}

var worst = rounds.Max(r => r.Ratio);
Console.WriteLine();
Console.WriteLine("(p50s: median over rounds of each round's p50; ratios: median over rounds of the round's ratio)");
Console.WriteLine($"target managed/node <= 1.05 at batch 1 and 32: {(worst <= 1.05 ? "MET" : "NOT MET")} " +
                  $"(worst {worst:F3})");
return 0;
