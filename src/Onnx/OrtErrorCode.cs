namespace Mlops.Onnx;

/// <summary>
/// OrtErrorCode of onnxruntime_c_api.h. The managed package keeps its own copy internal and puts the name in the
/// message ("[ErrorCode:NoSuchFile] ..."), so <see cref="OnnxModelException"/> reads it back from there.
/// </summary>
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
    ModelLoadCanceled = 12,
    ModelRequiresCompilation = 13,
    NotFound = 14,
}
