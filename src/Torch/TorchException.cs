using Mlops.Core.Errors;

namespace Mlops.Torch;

/// <summary>A libtorch error (bad shapes, dtypes, indices...) carried over as a .NET exception with libtorch's
/// text.</summary>
public sealed class TorchException : MlopsException
{
    public TorchException(string message)
        : base(message, "libtorch") { }
}
