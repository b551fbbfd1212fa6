using System.Diagnostics;

namespace Mlops.Export.Tests.Support;

/// <summary>Debian's python3-onnx as an independent judge of a file (tests only; the product never runs Python).</summary>
internal static class OnnxChecker
{
    /// <summary>Runs onnx.checker.check_model with full shape inference; returns (exit code, stderr).</summary>
    public static (int ExitCode, string Error) Check(string path)
    {
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(
            "import sys, onnx; m = onnx.load(sys.argv[1]); onnx.checker.check_model(m, full_check=True); print(m.opset_import[0].version)"
        );
        start.ArgumentList.Add(path);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, error.Result);
    }
}
