namespace Mlops.Onnx;

/// <summary>How ORT rewrites the graph before running it (GraphOptimizationLevel in onnxruntime_c_api.h).</summary>
public enum GraphOptimizationLevel
{
    DisableAll = 0,
    Basic = 1,
    Extended = 2,
    All = 99,
}
