using Microsoft.ML.OnnxRuntime;
using OrtException = Microsoft.ML.OnnxRuntime.OnnxRuntimeException;

namespace Mlops.Onnx;

/// <summary>
/// Opens ONNX Runtime sessions so that a refusal becomes our <see cref="OnnxModelException"/> naming the model.
/// Everything else is ORT's managed API as its documentation shows it (InferenceSession, SessionOptions, OrtValue).
/// </summary>
public static class OnnxSessions
{
    /// <summary>The ORT version serving this process, e.g. "1.32.0".</summary>
    public static string RuntimeVersion => OnnxEnvironment.Shared.GetVersionString();

    /// <summary>Loads a model file; a missing, truncated or non-ONNX file is reported at its path.</summary>
    public static InferenceSession Open(string modelPath, SessionOptions? options = null)
    {
        OnnxEnvironment.EnsureCreated();
        return Guard(modelPath, () =>
            options is null ? new InferenceSession(modelPath) : new InferenceSession(modelPath, options)
        );
    }

    /// <summary>Loads a model from its serialized bytes; <paramref name="where"/> names it in errors.</summary>
    public static InferenceSession Open(byte[] model, SessionOptions? options = null, string where = "<model bytes>")
    {
        OnnxEnvironment.EnsureCreated();
        return Guard(where, () => options is null ? new InferenceSession(model) : new InferenceSession(model, options));
    }

    /// <summary>Runs <paramref name="call"/> turning ORT's exception into ours, at <paramref name="where"/>.</summary>
    public static T Guard<T>(string where, Func<T> call)
    {
        try
        {
            return call();
        }
        catch (Exception error) when (IsOrtRefusal(error))
        {
            throw OnnxModelException.From(error, where);
        }
    }

    /// <summary>ORT's own errors, and its managed argument checks (a buffer that does not fit its shape).</summary>
    public static bool IsOrtRefusal(Exception error) => error is OrtException or ArgumentException;

    /// <summary>As <see cref="Guard{T}(string, Func{T})"/> for a call with no result.</summary>
    public static void Guard(string where, Action call) => Guard(where, () =>
        {
            call();
            return true;
        });
}
