using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Mlops.Torch.Tests.Reference;

/// <summary>
/// Computes expected values with Debian's PyTorch (/usr/bin/python3, python3-torch) in a temp folder.
/// Inputs go as raw float32 files written by the test, outputs come back the same way. Tests only.
/// </summary>
public sealed class TorchReference : IDisposable
{
    private const string Prelude = """
        import numpy as np, torch
        torch.set_num_threads(1)
        def load(name, shape, dtype=np.float32):
            return torch.from_numpy(np.fromfile(name + '.in', dtype=dtype).reshape(shape).copy())
        def save(name, t):
            t = torch.as_tensor(t)
            t.detach().contiguous().to(torch.float64).numpy().tofile(name + '.out')

        """;

    private readonly StringBuilder script = new(Prelude);

    public string Folder { get; } = Directory.CreateTempSubdirectory("mlops-torch-ref-").FullName;

    /// <summary>Writes an input the script reads with <c>load(name, shape)</c>.</summary>
    public void Input(string name, ReadOnlySpan<float> values)
    {
        using var file = File.Create(Path.Combine(Folder, name + ".in"));
        file.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values));
    }

    public void Input(string name, ReadOnlySpan<long> values)
    {
        using var file = File.Create(Path.Combine(Folder, name + ".in"));
        file.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values));
    }

    /// <summary>Appends Python lines to the script (indentation of the raw string literal is removed by C#).</summary>
    public void Code(string python) => script.AppendLine(python);

    /// <summary>Runs the script; fails with Python's stderr if it fails.</summary>
    public void Run()
    {
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            WorkingDirectory = Folder,
            RedirectStandardInput = true,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.ArgumentList.Add("-");
        start.Environment["OMP_NUM_THREADS"] = "1";
        using var process = Process.Start(start)!;
        process.StandardInput.Write(script.ToString());
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"python reference failed:\n{stderr.Result}");
    }

    /// <summary>An output the script wrote with <c>save(name, tensor)</c> (as float64).</summary>
    public double[] Output(string name)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Folder, name + ".out"));
        return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(bytes).ToArray();
    }

    public static string Shape(long[] shape) =>
        "("
        + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture)))
        + (shape.Length == 1 ? ",)" : ")");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException) { }
    }
}
