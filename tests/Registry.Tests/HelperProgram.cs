using Mlops.Registry.Models;
using Mlops.Registry.Stores.Local;

namespace Mlops.Registry.Tests;

/// <summary>
/// Entry point when the test assembly is started as a separate process (`dotnet Mlops.Registry.Tests.dll ...`),
/// so concurrency is tested across real processes with their own file handles and locks.
///   push &lt;store&gt; &lt;model&gt; &lt;file&gt;...                 prints the new version
///   promote &lt;store&gt; &lt;model&gt; &lt;version&gt; &lt;alias&gt;    force-promotes, prints the event sequence
///   stall-push &lt;store&gt; &lt;model&gt; &lt;marker&gt; &lt;file&gt;... writes the marker half-way through the last file, then hangs
/// </summary>
public static class HelperProgram
{
    public static int Main(string[] args)
    {
        using var registry = new ModelRegistry(
            new LocalBlobStore(args[1]),
            new RegistryOptions { Actor = $"helper-{Environment.ProcessId}" }
        );
        switch (args[0])
        {
            case "push":
                var card = registry.PushAsync(Request(args[2], args[3..])).GetAwaiter().GetResult();
                Console.WriteLine(card.Version);
                return 0;
            case "promote":
                var move = registry
                    .PromoteAsync(
                        new PromoteRequest(args[2], int.Parse(args[3]), args[4])
                        {
                            Force = true,
                            Reason = "concurrency test",
                        }
                    )
                    .GetAwaiter()
                    .GetResult();
                Console.WriteLine(move?.Sequence);
                return 0;
            case "stall-push":
                var files = args[4..];
                var stalled = new StallingProgress(Path.GetFileName(files[^1]), args[3]);
                registry.PushAsync(Request(args[2], files), stalled).GetAwaiter().GetResult();
                return 1; // never reached: the test kills us first
            default:
                return 64;
        }
    }

    private static PushRequest Request(string model, string[] files) =>
        new() { Model = model, Files = files.Select(f => new PushFile(f, Path.GetFileName(f))).ToList() };

    private sealed class StallingProgress(string file, string marker) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value)
        {
            if (value.File != file || value.Done < value.Total / 2 || value.Done == value.Total)
                return;
            File.WriteAllText(marker, "half-way");
            Thread.Sleep(Timeout.Infinite);
        }
    }
}
