namespace Mlops.Export.Quantization;

/// <summary>
/// The 8-bit type activations are stored in (weights are always signed int8, symmetric, per channel).
/// UInt8 is the default: ONNX Runtime's x86 CPU kernels fuse QDQ units into QLinearConv/QGemm/QLinearAdd only for
/// uint8 activations (U8S8; its Conv selector refuses int8 activations unless the platform allows S8S8, which x86
/// does not). Its S8→U8 rewrite repairs signed activations only where one QuantizeLinear feeds one DequantizeLinear,
/// so values read by two nodes (every residual block input) keep DequantizeLinear→float Conv→QuantizeLinear there:
/// ORT's optimized ResNet-18 graph had 12 of 20 convs in float with Int8, none with UInt8.
/// </summary>
public enum ActivationType
{
    Int8,
    UInt8,
}
