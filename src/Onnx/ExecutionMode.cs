namespace Mlops.Onnx;

/// <summary>Whether independent graph branches may run in parallel (ExecutionMode in onnxruntime_c_api.h).</summary>
public enum ExecutionMode
{
    Sequential = 0,
    Parallel = 1,
}
