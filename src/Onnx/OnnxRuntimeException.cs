using Mlops.Core.Errors;

namespace Mlops.Onnx;

/// <summary>
/// ONNX Runtime refused something (a file that is not ONNX, an unknown input name, a wrong shape...).
/// <see cref="Exception.Message"/> is ORT's own text, so the user sees exactly what the runtime said.
/// </summary>
public sealed class OnnxRuntimeException : MlopsException
{
    public OnnxRuntimeException(OrtErrorCode code, string message, string? where = null)
        : base(message, where)
    {
        Code = code;
    }

    /// <summary>ORT's error category (OrtErrorCode in onnxruntime_c_api.h).</summary>
    public OrtErrorCode Code { get; }
}
