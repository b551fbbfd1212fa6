namespace Mlops.Torch;

/// <summary>How a 4-D tensor's elements are ordered in memory; the values are c10::MemoryFormat codes.</summary>
public enum MemoryFormat
{
    /// <summary>NCHW row-major, PyTorch's default.</summary>
    Contiguous = 0,

    /// <summary>Keep the input's layout.</summary>
    Preserve = 1,

    /// <summary>NHWC in memory (shape stays NCHW); oneDNN convolutions avoid reorders with it.</summary>
    ChannelsLast = 2,
}
