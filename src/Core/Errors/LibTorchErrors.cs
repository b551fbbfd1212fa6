using System.Runtime.InteropServices;

namespace Mlops.Core.Errors;

/// <summary>
/// libtorch's errors (bad shapes, dtypes, out of memory...) as user errors. TorchSharp raises them as
/// <see cref="ExternalException"/> from its assembly, with libtorch 2's C++ backtrace after libtorch's own sentence;
/// we keep the sentence and say where. Here rather than beside TorchSharp so the CLI's error reporter, which must not
/// load libtorch, recognises them too.
/// </summary>
public static class LibTorchErrors
{
    /// <summary>True for an error TorchSharp raised from libtorch (not another library's native failure).</summary>
    public static bool IsFromLibTorch(Exception error) =>
        error is ExternalException { Source: "TorchSharp" } && error is not MlopsException;

    /// <summary>Our error for TorchSharp's <paramref name="error"/>, naming <paramref name="where"/>.</summary>
    public static MlopsException From(Exception error, string where)
    {
        var message = error.Message;
        // c10::Error::what() continues with "Exception raised from <function> at <file>" and stack frames.
        var backtrace = message.IndexOf("Exception raised from", StringComparison.Ordinal);
        if (backtrace >= 0)
            message = message[..backtrace];
        message = message.Trim();
        return new MlopsException($"libtorch: {(message.Length == 0 ? error.GetType().Name : message)}", where, error);
    }
}
