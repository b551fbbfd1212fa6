using System.Diagnostics;
using System.Globalization;
using Mlops.Data.Datasets;
using Mlops.Export;
using Mlops.Export.Evaluation;
using Mlops.Export.Quantization;
using Mlops.Onnx;

// int8 vs fp32 on the same machine in the same run: latency at batch 1 and 32 measured in alternating chunks (both
// sides see the same load), file size, top-1 on the full Fashion-MNIST test split, the kernels ONNX Runtime runs for
// each file and where the batch-1 time goes (ORT's per-node profile).
// Usage: Mlops.Bench.Quantize <run folder> [chunks=20] [threads=2] [report.txt]
// Exports (model.onnx) and quantizes (model.int8.onnx, default options) first when a file is missing.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var run = args[0];
var chunks = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
var threads = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2;
var reportPath = args.Length > 3 ? args[3] : null;
var fp32Path = Path.Combine(run, "model.onnx");
var int8Path = Path.Combine(run, "model.int8.onnx");
if (!File.Exists(fp32Path)) ExportJob.Run(new ExportRequest { RunPath = run });
if (!File.Exists(int8Path))
    QuantizeJob.Run(new QuantizeRequest { ModelPath = fp32Path, Calibration = DatasetSpec.Parse("fashion-mnist:train") }, line => Console.Error.WriteLine(line));

var options = new SessionOptions { IntraOpThreads = threads, InterOpThreads = 1 };
var lines = new List<string>
{
    $"ONNX Runtime {InferenceSession.RuntimeVersion}; {threads} intra-op threads; {chunks} alternating chunks per side; run {Path.GetFileName(Path.GetFullPath(run))}",
    $"kernels ORT runs, fp32: {KernelCensus.Of(File.ReadAllBytes(fp32Path), options)}",
    $"kernels ORT runs, int8: {KernelCensus.Of(File.ReadAllBytes(int8Path), options)}",
    "",
    "batch | calls | fp32 p50 ms | int8 p50 ms | fp32 mean ms | int8 mean ms | speed-up p50 | speed-up mean",
    "----- | ----- | ----------- | ----------- | ------------ | ------------ | ------------ | -------------",
};
var speedups = new Dictionary<int, double>();
using (var fp32 = new InferenceSession(fp32Path, options))
using (var int8 = new InferenceSession(int8Path, options))
{
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
}

lines.Add("");
lines.Add("where the batch-1 time goes (ORT profile, ms per run, summed over nodes of each op type):");
var fp32Profile = Profile(fp32Path, options);
var int8Profile = Profile(int8Path, options);
var rows = Math.Max(fp32Profile.Count, int8Profile.Count);
lines.Add($"{"fp32 op",-26} {"ms",8} | {"int8 op",-26} {"ms",8}");
for (var i = 0; i < Math.Min(rows, 8); i++)
{
    var left = i < fp32Profile.Count ? $"{fp32Profile[i].OpType,-26} {fp32Profile[i].MillisecondsPerRun,8:F4}" : new string(' ', 35);
    var right = i < int8Profile.Count ? $"{int8Profile[i].OpType,-26} {int8Profile[i].MillisecondsPerRun,8:F4}" : "";
    lines.Add($"{left} | {right}");
}
lines.Add($"{"total",-26} {fp32Profile.Sum(p => p.MillisecondsPerRun),8:F4} | {"total",-26} {int8Profile.Sum(p => p.MillisecondsPerRun),8:F4}");

var sizeRatio = (double)new FileInfo(int8Path).Length / new FileInfo(fp32Path).Length;
var spec = DatasetSpec.Parse("fashion-mnist:test");
var fp32Accuracy = OnnxModelEvaluation.Run(fp32Path, spec).Accuracy;
var int8Accuracy = OnnxModelEvaluation.Run(int8Path, spec).Accuracy;
var drop = (fp32Accuracy - int8Accuracy) * 100;
lines.Add("");
lines.Add(string.Create(CultureInfo.InvariantCulture,
    $"size: fp32 {new FileInfo(fp32Path).Length / 1e6:F2} MB, int8 {new FileInfo(int8Path).Length / 1e6:F2} MB, ratio {sizeRatio:F3}"));
lines.Add(string.Create(CultureInfo.InvariantCulture,
    $"top-1 on {spec} (10000 images): fp32 {fp32Accuracy * 100:F2}%, int8 {int8Accuracy * 100:F2}%, drop {drop:F2} points"));
lines.Add(string.Create(CultureInfo.InvariantCulture,
    $"targets: speed-up at batch 1 >= 1.8x: {Verdict(speedups[1] >= 1.8)} ({speedups[1]:F2}x p50); size <= 0.27x: {Verdict(sizeRatio <= 0.27)} ({sizeRatio:F3}); drop <= 0.5 point: {Verdict(drop <= 0.5)} ({drop:F2})"));
foreach (var line in lines) Console.WriteLine(line);
if (reportPath is not null) File.WriteAllLines(reportPath, lines);
return 0;

static string Verdict(bool met) => met ? "MET" : "MISSED";

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted[sorted.Count / 2];
}

static TensorBuffer[] Inputs(InferenceSession session, int batch)
{
    var shape = session.Inputs[0].Shape.ToArray();
    shape[0] = batch;
    var data = new float[shape.Aggregate(1L, (x, y) => x * y)];
    for (var i = 0; i < data.Length; i++) data[i] = (i % 97) / 97f - 0.5f;
    return [TensorBuffer.Float(session.Inputs[0].Name, data, shape)];
}

static Func<int, IEnumerable<double>> Timings(InferenceSession session, int batch)
{
    var inputs = Inputs(session, batch);
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

static IReadOnlyList<(string OpType, double MillisecondsPerRun)> Profile(string model, SessionOptions options)
{
    var prefix = Path.Combine(Path.GetTempPath(), $"mlops-bench-quantize-{Environment.ProcessId}");
    using var session = new InferenceSession(model, options with { ProfileFilePrefix = prefix });
    var inputs = Inputs(session, 1);
    for (var i = 0; i < 200; i++) session.Run(inputs);
    var file = session.EndProfiling();
    try
    {
        return OrtProfile.Read(file).ByOpType();
    }
    finally
    {
        File.Delete(file);
    }
}
