using Mlops.Core.Errors;

namespace Mlops.Registry.Stores.Local;

/// <summary>
/// Cross-process exclusive locks: a fixed set of lock files, one chosen by the object name's hash.
/// An exclusive FileStream on Unix is an flock(LOCK_EX), which the kernel drops when a process dies,
/// so a killed writer never leaves the store locked. Lock files are never deleted (that would race).
/// </summary>
internal sealed class StripedFileLocks(string folder, int stripes = 64)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public IDisposable Acquire(string name)
    {
        if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_IO_DISABLEFILELOCKING") is "1" or "true")
            throw new MlopsException(
                "DOTNET_SYSTEM_IO_DISABLEFILELOCKING is set: without file locks the local registry cannot be shared "
                    + "safely between processes",
                folder
            );
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{StripeOf(name):D2}.lock");
        var deadline = DateTime.UtcNow + Patience;
        var wait = 1;
        while (true)
        {
            try
            {
                return new FileStream(
                    path,
                    FileMode.OpenOrCreate,
                    FileAccess.ReadWrite,
                    FileShare.None,
                    1,
                    FileOptions.None
                );
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(Random.Shared.Next(wait, wait * 2 + 1));
                wait = Math.Min(wait * 2, 20);
            }
            catch (IOException error)
            {
                throw new MlopsException(
                    $"the local store stayed locked for {Patience.TotalSeconds:F0} s",
                    path,
                    error
                );
            }
        }
    }

    private int StripeOf(string name)
    {
        uint hash = 2166136261; // FNV-1a: stable across processes, unlike string.GetHashCode
        foreach (var ch in name)
            hash = (hash ^ ch) * 16777619;
        return (int)(hash % (uint)stripes);
    }
}
