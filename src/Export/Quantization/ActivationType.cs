namespace Mlops.Export.Quantization;

/// <summary>
/// The 8-bit type activations are stored in. Int8 is the default (signed, as the issue asks); ONNX Runtime on x86
/// converts int8 activations to uint8 itself only where a QuantizeLinear feeds a single DequantizeLinear, so values
/// read by two nodes (every residual block input) keep float kernels there. UInt8 avoids that and is the fast choice on x86.
/// </summary>
public enum ActivationType
{
    Int8,
    UInt8,
}
