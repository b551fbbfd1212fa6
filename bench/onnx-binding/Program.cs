using System.Globalization;
using Mlops.Bench.OnnxBinding;
using Mlops.Onnx;

// Usage: dotnet Mlops.Bench.OnnxBinding.dll MODEL.onnx [threads=2] [chunks=40]
//        dotnet Mlops.Bench.OnnxBinding.dll --write-model MODEL.onnx   (the model, written by our exporter)
// Ours and onnxruntime-node (a node child process) load the same file with the same options and alternate in short
// chunks of calls, so both see the same machine load; all calls of each side are pooled into mean and p50.
// Target (issue 3): ours <= 1.05 x node.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
if (args is ["--write-model", var output])
{
    ExportedResNet18.Write(output);
    return 0;
}

var model = args.Length > 0 ? args[0] : throw new ArgumentException("usage: MODEL.onnx [threads] [chunks]");
var threads = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2;
var chunks = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 40;
int[] batches = [1, 32];
int CallsPerChunk(int batch) => batch == 1 ? 25 : 2;
var script = Path.Combine(AppContext.BaseDirectory, "node-reference.js");

var ours = batches.ToDictionary(b => b, _ => new List<double>());
var oursBuffer = batches.ToDictionary(b => b, _ => new List<double>());
var node = batches.ToDictionary(b => b, _ => new List<double>());
Console.WriteLine($"ONNX Runtime {InferenceSession.RuntimeVersion}; model {Path.GetFileName(model)}; {threads} intra-op threads; " +
                  $"{chunks} alternating chunks of {CallsPerChunk(1)} (batch 1) / {CallsPerChunk(32)} (batch 32) calls per side");
using (var bench = new OursBenchmark(model, threads))
using (var reference = new NodeReference(script, model, threads))
{
    foreach (var batch in batches)
    {
        // Warm-up: first calls allocate arenas and plan memory on both sides.
        bench.Time(batch, 3 * CallsPerChunk(batch));
        bench.TimeIntoBuffer(batch, 3 * CallsPerChunk(batch));
        reference.Time(batch, 3 * CallsPerChunk(batch));
    }

    for (var chunk = 0; chunk < chunks; chunk++)
    {
        foreach (var batch in batches)
        {
            var calls = CallsPerChunk(batch);
            // Alternate who goes first so neither side always follows the other's cache state.
            if (chunk % 2 == 0)
            {
                ours[batch].AddRange(bench.Time(batch, calls));
                node[batch].AddRange(reference.Time(batch, calls));
            }
            else
            {
                node[batch].AddRange(reference.Time(batch, calls));
                ours[batch].AddRange(bench.Time(batch, calls));
            }

            oursBuffer[batch].AddRange(bench.TimeIntoBuffer(batch, calls));
        }
    }
}

Console.WriteLine();
Console.WriteLine("batch | calls | ours mean ms | ours p50 ms | node mean ms | node p50 ms | ratio mean | ratio p50 | ours into buffer p50 ms");
Console.WriteLine("----- | ----- | ------------ | ----------- | ------------ | ----------- | ---------- | --------- | -----------------------");
var worst = 0.0;
foreach (var batch in batches)
{
    var o = LatencyStats.From(ours[batch]);
    var n = LatencyStats.From(node[batch]);
    var ob = LatencyStats.From(oursBuffer[batch]);
    var ratioMean = o.MeanMs / n.MeanMs;
    var ratioP50 = o.P50Ms / n.P50Ms;
    worst = Math.Max(worst, Math.Max(ratioMean, ratioP50));
    Console.WriteLine($"{batch,5} | {o.Calls,5} | {o.MeanMs,12:F3} | {o.P50Ms,11:F3} | {n.MeanMs,12:F3} | {n.P50Ms,11:F3} | {ratioMean,10:F3} | {ratioP50,9:F3} | {ob.P50Ms,23:F3}");
}

Console.WriteLine();
Console.WriteLine($"target ours/node <= 1.05: {(worst <= 1.05 ? "MET" : "NOT MET")} (worst ratio {worst:F3})");
return 0;
