using System.Text;
using Mlops.Core.Errors;

namespace Mlops.Deploy.Image;

/// <summary>
/// The bottom layer: the shared libraries a self-contained .NET app and libonnxruntime load (found with
/// ldd, copied from the host), a non-root user, CA certificates and /tmp. No shell, no package manager.
/// </summary>
public static class BaseLayer
{
    public const string LibraryDirectory = "/lib/x86_64-linux-gnu";
    public const int UserId = 65532;
    public const string UserName = "nonroot";
    public const string HomeDirectory = "/home/nonroot";
    public const string CaCertificates = "/etc/ssl/certs/ca-certificates.crt";

    /// <summary>What `ldd` lists for the published server, its native helpers and libonnxruntime.so.</summary>
    public static readonly IReadOnlyList<string> LinkedLibraries =
    [
        "ld-linux-x86-64.so.2",
        "libc.so.6",
        "libdl.so.2",
        "libm.so.6",
        "libpthread.so.0",
        "librt.so.1",
        "libgcc_s.so.1",
        "libstdc++.so.6",
    ];

    /// <summary>
    /// Loaded by name at run time, so ldd cannot see them: OpenSSL (dlopen by System.Security.Cryptography,
    /// for HTTPS to registries and buckets) and stb_image (P/Invoke by Mlops.Data, to decode uploaded images).
    /// </summary>
    public static readonly IReadOnlyList<string> OpenedLibraries = ["libssl.so.3", "libcrypto.so.3", "libstb.so.0"];

    public const string CreatedBy =
        "mlops deploy build: base (host glibc/libstdc++/libgcc, openssl, libstb, CA certificates, user nonroot)";

    /// <param name="hostRoot">Where the host's files are read from ("/" normally; tests point elsewhere).</param>
    public static IReadOnlyList<LayerEntry> Entries(string hostRoot = "/")
    {
        var entries = new List<LayerEntry>();
        foreach (var library in LinkedLibraries.Concat(OpenedLibraries))
            entries.Add(HostFile(hostRoot, $"{LibraryDirectory}/{library}", LayerEntry.ExecutableMode));
        // The program interpreter every x86-64 ELF names; Debian keeps the real file in the multiarch directory.
        entries.Add(LayerEntry.Symlink("/lib64/ld-linux-x86-64.so.2", $"{LibraryDirectory}/ld-linux-x86-64.so.2"));
        entries.Add(HostFile(hostRoot, CaCertificates, LayerEntry.DefaultFileMode));
        entries.Add(
            LayerEntry.FromBytes(
                "/etc/passwd",
                Encoding.ASCII.GetBytes(
                    "root:x:0:0:root:/root:/sbin/nologin\n"
                        + $"{UserName}:x:{UserId}:{UserId}:{UserName}:{HomeDirectory}:/sbin/nologin\n"
                )
            )
        );
        entries.Add(
            LayerEntry.FromBytes("/etc/group", Encoding.ASCII.GetBytes($"root:x:0:\n{UserName}:x:{UserId}:\n"))
        );
        entries.Add(LayerEntry.FromBytes("/etc/nsswitch.conf", "hosts: files dns\n"u8.ToArray()));
        entries.Add(LayerEntry.Directory("/tmp", (UnixFileMode)0b1_111_111_111)); // 1777, sticky
        entries.Add(LayerEntry.Directory("/root", (UnixFileMode)0b111_000_000));
        entries.Add(LayerEntry.Directory(HomeDirectory, LayerEntry.DefaultDirectoryMode, UserId, UserId));
        return entries;
    }

    private static LayerEntry HostFile(string hostRoot, string imagePath, UnixFileMode mode)
    {
        var hostPath = Path.Combine(hostRoot, imagePath.TrimStart('/'));
        if (!File.Exists(hostPath))
            throw new MlopsException(
                $"the base layer needs {imagePath} but the host has no such file (install the Debian package that "
                    + $"provides it)",
                hostPath
            );
        // Symlinks on the host (libstdc++.so.6 -> libstdc++.so.6.0.30) are stored as the file they point to.
        var resolved = new FileInfo(hostPath).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? hostPath;
        return LayerEntry.FromHostFile(imagePath, resolved, mode);
    }
}
