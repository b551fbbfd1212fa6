using System.Globalization;
using Mlops.Bench.OnnxBinding;
using Mlops.Onnx;

// Usage: dotnet run -- MODEL.onnx [threads=2] [rounds=5]
// Alternates rounds of ours and onnxruntime-node (node-reference.js) on the same file, then prints the median of
// each statistic over the rounds side by side with the ratio ours/node. Target (issue 3): ours <= 1.05 x node.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var model = args.Length > 0 ? args[0] : throw new ArgumentException("usage: MODEL.onnx [threads] [rounds]");
var threads = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2;
var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5;
int[] batches = [1, 32];
const int warmup = 30;
int Iterations(int batch) => batch == 1 ? 400 : 40;
var script = Path.Combine(AppContext.BaseDirectory, "node-reference.js");

var ours = batches.ToDictionary(b => b, _ => new List<LatencyStats>());
var oursBuffer = batches.ToDictionary(b => b, _ => new List<LatencyStats>());
var node = batches.ToDictionary(b => b, _ => new List<LatencyStats>());
Console.WriteLine($"ONNX Runtime {InferenceSession.RuntimeVersion}; model {Path.GetFileName(model)}; {threads} intra-op threads; {rounds} alternating rounds");
using (var bench = new OursBenchmark(model, threads))
{
    for (var round = 1; round <= rounds; round++)
    {
        foreach (var batch in batches)
        {
            ours[batch].Add(bench.Measure(batch, warmup, Iterations(batch)));
            oursBuffer[batch].Add(bench.MeasureIntoBuffer(batch, warmup, Iterations(batch)));
        }

        foreach (var (batch, stats) in NodeReference.Measure(script, model, threads, warmup, Iterations(1), Iterations(32), batches))
        {
            node[batch].Add(stats);
        }

        Console.WriteLine($"  round {round}/{rounds}: " + string.Join("  ", batches.Select(b =>
            $"batch {b} p50 ours {ours[b][^1].P50Ms:F3} ms, node {node[b][^1].P50Ms:F3} ms")));
    }
}

Console.WriteLine();
Console.WriteLine("batch | ours mean ms | ours p50 ms | node mean ms | node p50 ms | ratio mean | ratio p50 | ours-into-buffer p50 ms");
Console.WriteLine("----- | ------------ | ----------- | ------------ | ----------- | ---------- | --------- | -----------------------");
var worst = 0.0;
foreach (var batch in batches)
{
    var o = LatencyStats.MedianOf(ours[batch]);
    var n = LatencyStats.MedianOf(node[batch]);
    var ob = LatencyStats.MedianOf(oursBuffer[batch]);
    var ratioMean = o.MeanMs / n.MeanMs;
    var ratioP50 = o.P50Ms / n.P50Ms;
    worst = Math.Max(worst, ratioP50);
    Console.WriteLine($"{batch,5} | {o.MeanMs,12:F3} | {o.P50Ms,11:F3} | {n.MeanMs,12:F3} | {n.P50Ms,11:F3} | {ratioMean,10:F3} | {ratioP50,9:F3} | {ob.P50Ms,23:F3}");
}

Console.WriteLine();
Console.WriteLine($"target ours/node <= 1.05 at p50: {(worst <= 1.05 ? "MET" : "NOT MET")} (worst {worst:F3})");
