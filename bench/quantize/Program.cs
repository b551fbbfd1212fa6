using System.Diagnostics;
using System.Globalization;
using Mlops.Data.Datasets;
using Mlops.Export.Evaluation;
using Mlops.Onnx;

// int8 vs fp32 on the same machine in the same run: latency at batch 1 and 32 measured in alternating chunks (both
// sides see the same load), file size, and top-1 on the full Fashion-MNIST test split.
// Usage: Mlops.Bench.Quantize <fp32.onnx> <int8.onnx> [chunks=20] [report.txt]
var fp32Path = args[0];
var int8Path = args[1];
var chunks = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;
var reportPath = args.Length > 3 ? args[3] : null;
var options = new SessionOptions { IntraOpThreads = 2, InterOpThreads = 1 };
using var fp32 = new InferenceSession(fp32Path, options);
using var int8 = new InferenceSession(int8Path, options);
var lines = new List<string>
{
    $"ONNX Runtime {InferenceSession.RuntimeVersion}; 2 intra-op threads; {chunks} alternating chunks per side; p50 over all calls",
    "batch | calls | fp32 p50 ms | int8 p50 ms | fp32 mean ms | int8 mean ms | speed-up p50 | speed-up mean",
    "----- | ----- | ----------- | ----------- | ------------ | ------------ | ------------ | -------------",
};
var speedups = new Dictionary<int, double>();
foreach (var (batch, perChunk) in new[] { (1, 25), (32, 2) })
{
    var a = Timings(fp32, batch);
    var b = Timings(int8, batch);
    var fp32Times = new List<double>();
    var int8Times = new List<double>();
    for (var chunk = 0; chunk < chunks; chunk++)
    {
        // Swap who goes first so neither side always runs right after the other warmed the caches.
        if (chunk % 2 == 0) { fp32Times.AddRange(a(perChunk)); int8Times.AddRange(b(perChunk)); }
        else { int8Times.AddRange(b(perChunk)); fp32Times.AddRange(a(perChunk)); }
    }
    var (p50a, p50b) = (Median(fp32Times), Median(int8Times));
    speedups[batch] = p50a / p50b;
    lines.Add(string.Create(CultureInfo.InvariantCulture,
        $"{batch,5} | {fp32Times.Count,5} | {p50a,11:F3} | {p50b,11:F3} | {fp32Times.Average(),12:F3} | {int8Times.Average(),12:F3} | {p50a / p50b,11:F2}x | {fp32Times.Average() / int8Times.Average(),12:F2}x"));
}
var sizeRatio = (double)new FileInfo(int8Path).Length / new FileInfo(fp32Path).Length;
var spec = DatasetSpec.Parse("fashion-mnist:test");
var fp32Accuracy = OnnxModelEvaluation.Run(fp32Path, spec).Accuracy;
var int8Accuracy = OnnxModelEvaluation.Run(int8Path, spec).Accuracy;
var drop = (fp32Accuracy - int8Accuracy) * 100;
lines.Add(string.Create(CultureInfo.InvariantCulture,
    $"size: fp32 {new FileInfo(fp32Path).Length / 1e6:F2} MB, int8 {new FileInfo(int8Path).Length / 1e6:F2} MB, ratio {sizeRatio:F3}"));
lines.Add(string.Create(CultureInfo.InvariantCulture,
    $"top-1 on {spec} (10000 images): fp32 {fp32Accuracy * 100:F2}%, int8 {int8Accuracy * 100:F2}%, drop {drop:F2} points"));
lines.Add(string.Create(CultureInfo.InvariantCulture,
    $"targets: speed-up at batch 1 >= 1.8x: {Verdict(speedups[1] >= 1.8)} ({speedups[1]:F2}x); size <= 0.27x: {Verdict(sizeRatio <= 0.27)} ({sizeRatio:F3}); drop <= 0.5 point: {Verdict(drop <= 0.5)} ({drop:F2})"));
foreach (var line in lines) Console.WriteLine(line);
if (reportPath is not null) File.WriteAllLines(reportPath, lines);
return 0;

static string Verdict(bool met) => met ? "MET" : "MISSED";

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted[sorted.Count / 2];
}

static Func<int, IEnumerable<double>> Timings(InferenceSession session, int batch)
{
    var shape = session.Inputs[0].Shape.ToArray();
    shape[0] = batch;
    var data = new float[shape.Aggregate(1L, (x, y) => x * y)];
    for (var i = 0; i < data.Length; i++) data[i] = (i % 97) / 97f - 0.5f;
    var inputs = new[] { TensorBuffer.Float(session.Inputs[0].Name, data, shape) };
    for (var i = 0; i < 3; i++) session.Run(inputs);
    return calls =>
    {
        var times = new double[calls];
        for (var i = 0; i < calls; i++)
        {
            var start = Stopwatch.GetTimestamp();
            session.Run(inputs);
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        return times;
    };
}
