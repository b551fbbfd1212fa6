using System.Runtime.InteropServices;

namespace Mlops.Core.IO;

/// <summary>
/// fsync of a folder on Linux, so a rename inside it survives a power cut (the file's own fsync does not
/// cover its directory entry). Best effort: elsewhere, or on failure, it does nothing.
/// </summary>
internal static partial class DirectorySync
{
    private const int ReadOnly = 0; // O_RDONLY
    private const int Directory = 0x10000; // O_DIRECTORY on x86-64 and arm64
    private const int CloseOnExec = 0x80000; // O_CLOEXEC: never leak into a child process

    public static void Flush(string folder)
    {
        if (!OperatingSystem.IsLinux())
            return;
        var descriptor = Open(folder, ReadOnly | Directory | CloseOnExec);
        if (descriptor < 0)
            return;
        _ = Fsync(descriptor);
        _ = Close(descriptor);
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync")]
    private static partial int Fsync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int descriptor);
}
