using Mlops.Core.Errors;

namespace Mlops.Torch;

/// <summary>A refusal of ours about the libtorch in use (a missing entry point we call), as a user error.
/// libtorch's own errors are translated by <see cref="LibTorchErrors"/>.</summary>
public sealed class TorchException : MlopsException
{
    public TorchException(string message, string where = "libtorch")
        : base(message, where) { }
}
