using System.Globalization;
using Mlops.Bench.Quantize;
using Mlops.Data.Datasets;
using Mlops.Export;
using Mlops.Onnx.Evaluation;
using Mlops.Export.Quantization;
using Mlops.Onnx;
using Microsoft.ML.OnnxRuntime;

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
{
    var request = new QuantizeRequest { ModelPath = fp32Path, Calibration = DatasetSpec.Parse("fashion-mnist:train") };
    QuantizeJob.Run(request, line => Console.Error.WriteLine(line));
}

// Both files get the same ORT options: ORT's managed API as its documentation shows it.
SessionOptions NewOptions() => new() { IntraOpNumThreads = threads, InterOpNumThreads = 1 };
var lines = new List<string>
{
    $"ONNX Runtime {OnnxSessions.RuntimeVersion} (Microsoft.ML.OnnxRuntime, managed API); {threads} intra-op " +
    $"threads; {chunks} alternating chunks per side; run {Path.GetFileName(Path.GetFullPath(run))}",
    $"kernels ORT runs, fp32: {KernelCensus.Of(File.ReadAllBytes(fp32Path), fp32Path)}",
    $"kernels ORT runs, int8: {KernelCensus.Of(File.ReadAllBytes(int8Path), int8Path)}",
    "",
    "batch | calls | fp32 p50 ms | int8 p50 ms | fp32 mean ms | int8 mean ms | speed-up p50 | speed-up mean",
    "----- | ----- | ----------- | ----------- | ------------ | ------------ | ------------ | -------------",
};
var speedups = new Dictionary<int, double>();
using (var fp32Options = NewOptions())
using (var int8Options = NewOptions())
using (var fp32 = new InferenceSession(fp32Path, fp32Options))
using (var int8 = new InferenceSession(int8Path, int8Options))
{
    foreach (var (batch, perChunk) in new[] { (1, 25), (32, 2) })
    {
        using var a = new TimedRuns(fp32, batch);
        using var b = new TimedRuns(int8, batch);
        var fp32Times = new List<double>();
        var int8Times = new List<double>();
        for (var chunk = 0; chunk < chunks; chunk++)
        {
            // Swap who goes first so neither side always runs right after the other warmed the caches.
            if (chunk % 2 == 0) { fp32Times.AddRange(a.Time(perChunk)); int8Times.AddRange(b.Time(perChunk)); }
            else { int8Times.AddRange(b.Time(perChunk)); fp32Times.AddRange(a.Time(perChunk)); }
        }
        var (p50a, p50b) = (Median(fp32Times), Median(int8Times));
        var (meanA, meanB) = (fp32Times.Average(), int8Times.Average());
        speedups[batch] = p50a / p50b;
        lines.Add($"{batch,5} | {fp32Times.Count,5} | {p50a,11:F3} | {p50b,11:F3} | {meanA,12:F3} | {meanB,12:F3} | " +
                  $"{p50a / p50b,11:F2}x | {meanA / meanB,12:F2}x");
    }
}

lines.Add("");
lines.Add("where the batch-1 time goes (ORT profile, ms per run, summed over nodes of each op type):");
lines.AddRange(OpTimeTable.Lines(OpTimes.Profile(fp32Path, NewOptions), OpTimes.Profile(int8Path, NewOptions)));

var (fp32Bytes, int8Bytes) = (new FileInfo(fp32Path).Length, new FileInfo(int8Path).Length);
var sizeRatio = (double)int8Bytes / fp32Bytes;
var spec = DatasetSpec.Parse("fashion-mnist:test");
var fp32Accuracy = OnnxModelEvaluation.Run(fp32Path, spec).Accuracy;
var int8Accuracy = OnnxModelEvaluation.Run(int8Path, spec).Accuracy;
var drop = (fp32Accuracy - int8Accuracy) * 100;
lines.Add("");
lines.Add($"size: fp32 {fp32Bytes / 1e6:F2} MB, int8 {int8Bytes / 1e6:F2} MB, ratio {sizeRatio:F3}");
lines.Add($"top-1 on {spec} (10000 images): fp32 {fp32Accuracy * 100:F2}%, int8 {int8Accuracy * 100:F2}%, " +
          $"drop {drop:F2} points");
lines.Add($"targets: speed-up at batch 1 >= 1.8x: {Verdict(speedups[1] >= 1.8)} ({speedups[1]:F2}x p50); " +
          $"size <= 0.27x: {Verdict(sizeRatio <= 0.27)} ({sizeRatio:F3}); " +
          $"drop <= 0.5 point: {Verdict(drop <= 0.5)} ({drop:F2})");
foreach (var line in lines) Console.WriteLine(line);
if (reportPath is not null) File.WriteAllLines(reportPath, lines);
return 0;

static string Verdict(bool met) => met ? "MET" : "MISSED";

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted[sorted.Count / 2];
}
