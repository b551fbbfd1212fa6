using System.Runtime.InteropServices;
using Mlops.Core.Errors;

namespace Mlops.Onnx.Native;

/// <summary>
/// The process-wide ORT state: the API table, one OrtEnv (ORT wants a single one per process), the CPU memory
/// description used to wrap caller buffers, and ORT's default allocator. All are immutable once created and safe
/// to use from many threads.
/// </summary>
internal sealed unsafe class OrtRuntime
{
    private static readonly Lazy<OrtRuntime> Instance = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// ORT_LOGGING_LEVEL_FATAL: every error ORT logs also comes back as a status we raise with the same message, so
    /// lower levels would only print it twice (in colour, on stderr) next to the CLI's or server's own report.
    /// </summary>
    public const int LoggingLevel = 4;

    private const int ArenaAllocator = 1;        // OrtArenaAllocator
    private const int MemTypeDefault = 0;        // OrtMemTypeDefault

    private OrtRuntime(OrtApi api, string version)
    {
        Api = api;
        Version = version;

        nint env;
        fixed (byte* logId = "mlops"u8)
        {
            Check(Api.CreateEnv(LoggingLevel, logId, &env));
        }

        Env = new OrtHandle(env, api.ReleaseEnv);

        nint memoryInfo;
        Check(Api.CreateCpuMemoryInfo(ArenaAllocator, MemTypeDefault, &memoryInfo));
        CpuMemory = new OrtHandle(memoryInfo, api.ReleaseMemoryInfo);

        nint allocator;
        Check(Api.GetAllocatorWithDefaultOptions(&allocator));
        DefaultAllocator = allocator;
    }

    public static OrtRuntime Shared => Instance.Value;

    public OrtApi Api { get; }

    /// <summary>The library's own version string, e.g. "1.30.0".</summary>
    public string Version { get; }

    public OrtHandle Env { get; }

    public OrtHandle CpuMemory { get; }

    /// <summary>ORT's default CPU allocator (owned by ORT, never freed); strings ORT returns are freed through it.</summary>
    public nint DefaultAllocator { get; }

    /// <summary>Turns a non-null OrtStatus* into an <see cref="OnnxRuntimeException"/> carrying ORT's message.</summary>
    public void Check(nint status, string? where = null)
    {
        if (status == 0)
        {
            return;
        }

        var code = (OrtErrorCode)Api.GetErrorCode(status);
        var message = Marshal.PtrToStringUTF8((nint)Api.GetErrorMessage(status)) ?? "unknown ONNX Runtime error";
        Api.ReleaseStatus(status);
        throw new OnnxRuntimeException(code, message, where);
    }

    /// <summary>Copies a string ORT allocated with the default allocator, then frees it.</summary>
    public string? TakeString(nint allocated)
    {
        if (allocated == 0)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(allocated);
        }
        finally
        {
            Check(Api.AllocatorFree(DefaultAllocator, (void*)allocated));
        }
    }

    private static OrtRuntime Create()
    {
        var library = OrtLibraryLocator.Load();
        if (!NativeLibrary.TryGetExport(library, "OrtGetApiBase", out var getApiBaseExport))
        {
            throw new MlopsException("the ONNX Runtime library does not export OrtGetApiBase", OrtLibraryLocator.FileName);
        }

        var apiBase = ((delegate* unmanaged[Cdecl]<nint*>)getApiBaseExport)();
        var getApi = (delegate* unmanaged[Cdecl]<uint, nint*>)apiBase[0];
        var getVersionString = (delegate* unmanaged[Cdecl]<byte*>)apiBase[1];
        var version = Marshal.PtrToStringUTF8((nint)getVersionString()) ?? "?";
        var table = getApi(OrtApi.Version);
        if (table == null)
        {
            throw new MlopsException(
                $"ONNX Runtime {version} does not offer C API version {OrtApi.Version}", OrtLibraryLocator.FileName);
        }

        return new OrtRuntime(new OrtApi(table), version);
    }
}
