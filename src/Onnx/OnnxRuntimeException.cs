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

/// <summary>Mirrors OrtErrorCode of onnxruntime_c_api.h (same numeric values).</summary>
public enum OrtErrorCode
{
    Ok = 0,
    Fail = 1,
    InvalidArgument = 2,
    NoSuchFile = 3,
    NoModel = 4,
    EngineError = 5,
    RuntimeException = 6,
    InvalidProtobuf = 7,
    ModelLoaded = 8,
    NotImplemented = 9,
    InvalidGraph = 10,
    EpFail = 11,
}
