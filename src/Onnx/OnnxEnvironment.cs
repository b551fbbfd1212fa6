using Microsoft.ML.OnnxRuntime;

namespace Mlops.Onnx;

/// <summary>
/// The process's one OrtEnv, logging at FATAL: every error ORT logs also comes back as an exception we
/// report with the same text, so lower levels would only print it twice (in colour, on stderr).
/// </summary>
public static class OnnxEnvironment
{
    private static readonly Lazy<OrtEnv> Instance = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    public static OrtEnv Shared => Instance.Value;

    /// <summary>Sets the environment's logging level before a session is created.</summary>
    public static void EnsureCreated() => _ = Instance.Value;

    private static OrtEnv Create()
    {
        try
        {
            // A SessionOptions made first has already created ORT's singleton (at WARNING): lower its level in place.
            var environment = OrtEnv.Instance();
            environment.EnvLogLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL;
            return environment;
        }
        catch (Exception error)
            when (error
                    is DllNotFoundException
                        or TypeInitializationException
                        or EntryPointNotFoundException
                        or BadImageFormatException
            )
        {
            throw new Core.Errors.MlopsException(
                $"ONNX Runtime's native library (libonnxruntime.so) could not be loaded: {Innermost(error).Message} "
                    + "(the Microsoft.ML.OnnxRuntime package puts it next to the program; rebuild or republish)",
                AppContext.BaseDirectory,
                error
            );
        }
    }

    private static Exception Innermost(Exception error) => error.InnerException is { } inner ? Innermost(inner) : error;
}
