namespace Mlops.Torch;

/// <summary>How a loss combines per-element values (PyTorch's reduction='none'|'mean'|'sum'); values are
/// at::Reduction.</summary>
public enum Reduction
{
    None = 0,
    Mean = 1,
    Sum = 2,
}
