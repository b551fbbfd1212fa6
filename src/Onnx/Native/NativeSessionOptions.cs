using System.Runtime.InteropServices;

namespace Mlops.Onnx.Native;

/// <summary>Builds the native OrtSessionOptions for one session creation from our plain <see cref="SessionOptions"/>.</summary>
internal static unsafe class NativeSessionOptions
{
    public static OrtHandle Create(OrtRuntime runtime, SessionOptions options)
    {
        if (options.IntraOpThreads < 0 || options.InterOpThreads < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "thread counts must be 0 (ORT's default) or positive");
        }

        var api = runtime.Api;
        nint raw;
        runtime.Check(api.CreateSessionOptions(&raw));
        var handle = new OrtHandle(raw, api.ReleaseSessionOptions);
        try
        {
            runtime.Check(api.SetIntraOpNumThreads(raw, options.IntraOpThreads), "session options: intra-op threads");
            runtime.Check(api.SetInterOpNumThreads(raw, options.InterOpThreads), "session options: inter-op threads");
            runtime.Check(api.SetSessionGraphOptimizationLevel(raw, (int)options.OptimizationLevel), "session options: optimisation level");
            runtime.Check(api.SetSessionExecutionMode(raw, (int)options.ExecutionMode), "session options: execution mode");
            runtime.Check(api.SetSessionLogSeverityLevel(raw, OrtRuntime.LoggingLevel), "session options: log level");
            if (options.OptimizedModelFilePath is { } optimizedPath)
            {
                SetPath(runtime, raw, api.SetOptimizedModelFilePath, optimizedPath, "session options: optimized model file path");
            }

            if (options.ProfileFilePrefix is { } profilePrefix)
            {
                SetPath(runtime, raw, api.EnableProfiling, profilePrefix, "session options: profiling");
            }

            foreach (var (key, value) in options.ConfigEntries)
            {
                var keyBytes = NativeStringTable.Utf8(key);
                var valueBytes = NativeStringTable.Utf8(value);
                try
                {
                    runtime.Check(api.AddSessionConfigEntry(raw, keyBytes, valueBytes), $"session options: config entry '{key}'");
                }
                finally
                {
                    NativeMemory.Free(keyBytes);
                    NativeMemory.Free(valueBytes);
                }
            }

            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>ORTCHAR_T is char (UTF-8) on Linux; ORT copies the string, so it is freed right after.</summary>
    private static void SetPath(OrtRuntime runtime, nint options, delegate* unmanaged[Cdecl]<nint, byte*, nint> setter, string path, string where)
    {
        var bytes = NativeStringTable.Utf8(Path.GetFullPath(path));
        try
        {
            runtime.Check(setter(options, bytes), where);
        }
        finally
        {
            NativeMemory.Free(bytes);
        }
    }
}
