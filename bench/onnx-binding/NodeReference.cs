using System.Diagnostics;
using System.Text.Json;

namespace Mlops.Bench.OnnxBinding;

/// <summary>
/// onnxruntime-node kept running in a child process (node-reference.js); each call asks it for a round of timed
/// runs, so rounds of the managed side and node's alternate under the same machine load.
/// </summary>
internal sealed class NodeReference : IDisposable
{
    private readonly Process node;

    public NodeReference(string script, string modelPath, int threads)
    {
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(script))!,
        };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(modelPath);
        start.ArgumentList.Add($"{threads}");
        node = Process.Start(start) ?? throw new InvalidOperationException("could not start node");
        var ready = node.StandardOutput.ReadLine();
        if (ready is null || !ready.Contains("ready", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("node-reference.js did not start (see its error above)");
        }

        using var json = JsonDocument.Parse(ready);
        Version = json.RootElement.GetProperty("version").GetString() ?? "?";
    }

    /// <summary>onnxruntime-node's package version, e.g. "1.31.1".</summary>
    public string Version { get; }

    /// <summary>The logits of the last run (to check both sides compute the same thing).</summary>
    public float[] Logits { get; private set; } = [];

    /// <summary>Per-call milliseconds of <paramref name="calls"/> session.run calls at this batch.</summary>
    public double[] Time(int batch, int calls)
    {
        node.StandardInput.WriteLine($"{batch} {calls}");
        node.StandardInput.Flush();
        var line = node.StandardOutput.ReadLine() ?? throw new InvalidOperationException("node-reference.js exited");
        using var json = JsonDocument.Parse(line);
        Logits = json.RootElement.GetProperty("logits").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        return json.RootElement.GetProperty("ms").EnumerateArray().Select(e => e.GetDouble()).ToArray();
    }

    public void Dispose()
    {
        node.StandardInput.Close();
        if (!node.WaitForExit(10_000))
        {
            node.Kill();
        }

        node.Dispose();
    }
}
