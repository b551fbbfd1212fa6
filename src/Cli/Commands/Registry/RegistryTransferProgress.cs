using Mlops.Cli.Commands.Common;
using Mlops.Registry.Models;

namespace Mlops.Cli.Commands.Registry;

/// <summary>A progress bar with speed and ETA over the bytes of a push or pull (skipped when output is not a terminal
/// or is JSON).</summary>
public static class RegistryTransferProgress
{
    public static Task<T> RunAsync<T>(
        string title,
        long totalBytes,
        bool quiet,
        Func<IProgress<TransferProgress>?, Task<T>> work
    ) => ProgressBars.BytesAsync(title, totalBytes, quiet, add =>
        {
            if (add is null)
                return work(null);
            // The registry reports bytes done per file; the bar counts bytes done in all.
            var current = (File: "", Done: 0L);
            return work(
                new SynchronousProgress<TransferProgress>(p =>
                {
                    if (p.File != current.File)
                        current = (p.File, 0);
                    add(p.Done - current.Done);
                    current.Done = p.Done;
                })
            );
        });
}
