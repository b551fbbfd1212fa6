using System.Runtime.InteropServices;

namespace Mlops.Torch;

/// <summary>
/// A number passed to an op (<c>x + 1</c>, <c>x.mul_(0.9)</c>). Integral values stay integral so an int64 tensor plus 1
/// stays int64, as in PyTorch. Its layout is the shim's MltScalar.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public readonly struct Scalar
{
    private readonly double d;
    private readonly long i;
    private readonly int isInt;

    private Scalar(double d, long i, bool isInt)
    {
        this.d = d;
        this.i = i;
        this.isInt = isInt ? 1 : 0;
    }

    public bool IsIntegral => isInt != 0;

    public double ToDouble() => IsIntegral ? i : d;

    public long ToInt64() => IsIntegral ? i : (long)d;

    public static implicit operator Scalar(double value) => new(value, 0, false);

    public static implicit operator Scalar(float value) => new(value, 0, false);

    public static implicit operator Scalar(long value) => new(value, value, true);

    public static implicit operator Scalar(int value) => new(value, value, true);

    public static implicit operator Scalar(bool value) => new(value ? 1 : 0, value ? 1 : 0, true);

    public override string ToString() =>
        IsIntegral ? i.ToString() : d.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
