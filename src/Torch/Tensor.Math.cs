using Mlops.Torch.PInvoke;
using static Mlops.Torch.PInvoke.Native;

namespace Mlops.Torch;

// Element-wise math and comparisons. Enum values mirror tensor_math.cpp.
public partial class Tensor
{
    internal enum UnaryOp
    {
        Neg,
        Exp,
        Log,
        Abs,
        Sqrt,
        Relu,
        Sigmoid,
        Tanh,
        Rsqrt,
        Floor,
        Ceil,
        Round,
        LogicalNot,
        Sin,
        Cos,
        Clone,
        Detach,
        Contiguous,
        Zero,
        Sign,
        Square,
        Log1p,
    }

    internal enum BinaryOp
    {
        Add,
        Sub,
        Mul,
        Div,
        Pow,
        Eq,
        Ne,
        Gt,
        Ge,
        Lt,
        Le,
        Maximum,
        Minimum,
        Matmul,
        Mm,
        Remainder,
        LogicalAnd,
        LogicalOr,
        Copy,
    }

    private Tensor Unary(UnaryOp op) => Result(NativeMethods.mlt_unary((int)op, Handle, out var r), r);

    private Tensor Unary_(UnaryOp op)
    {
        Check(NativeMethods.mlt_unary_((int)op, Handle));
        return this;
    }

    private Tensor Binary(BinaryOp op, Tensor other) =>
        Result(NativeMethods.mlt_binary((int)op, Handle, other.Handle, out var r), r);

    private Tensor Binary(BinaryOp op, Scalar other) =>
        Result(NativeMethods.mlt_binary_scalar((int)op, Handle, other, out var r), r);

    private Tensor Binary_(BinaryOp op, Tensor other)
    {
        Check(NativeMethods.mlt_binary_((int)op, Handle, other.Handle));
        return this;
    }

    private Tensor Binary_(BinaryOp op, Scalar other)
    {
        Check(NativeMethods.mlt_binary_scalar_((int)op, Handle, other));
        return this;
    }

    public Tensor neg() => Unary(UnaryOp.Neg);

    public Tensor exp() => Unary(UnaryOp.Exp);

    public Tensor log() => Unary(UnaryOp.Log);

    public Tensor log1p() => Unary(UnaryOp.Log1p);

    public Tensor abs() => Unary(UnaryOp.Abs);

    public Tensor sqrt() => Unary(UnaryOp.Sqrt);

    public Tensor rsqrt() => Unary(UnaryOp.Rsqrt);

    public Tensor square() => Unary(UnaryOp.Square);

    public Tensor relu() => Unary(UnaryOp.Relu);

    public Tensor sigmoid() => Unary(UnaryOp.Sigmoid);

    public Tensor tanh() => Unary(UnaryOp.Tanh);

    public Tensor sin() => Unary(UnaryOp.Sin);

    public Tensor cos() => Unary(UnaryOp.Cos);

    public Tensor floor() => Unary(UnaryOp.Floor);

    public Tensor ceil() => Unary(UnaryOp.Ceil);

    public Tensor round() => Unary(UnaryOp.Round);

    public Tensor sign() => Unary(UnaryOp.Sign);

    public Tensor logical_not() => Unary(UnaryOp.LogicalNot);

    public Tensor clone() => Unary(UnaryOp.Clone);

    public Tensor contiguous() => Unary(UnaryOp.Contiguous);

    public Tensor neg_() => Unary_(UnaryOp.Neg);

    public Tensor exp_() => Unary_(UnaryOp.Exp);

    public Tensor log_() => Unary_(UnaryOp.Log);

    public Tensor abs_() => Unary_(UnaryOp.Abs);

    public Tensor sqrt_() => Unary_(UnaryOp.Sqrt);

    public Tensor square_() => Unary_(UnaryOp.Square);

    public Tensor relu_() => Unary_(UnaryOp.Relu);

    public Tensor sigmoid_() => Unary_(UnaryOp.Sigmoid);

    public Tensor tanh_() => Unary_(UnaryOp.Tanh);

    public Tensor zero_() => Unary_(UnaryOp.Zero);

    public Tensor add(Tensor other) => Binary(BinaryOp.Add, other);

    public Tensor add(Tensor other, Scalar alpha) =>
        Result(NativeMethods.mlt_add_alpha(Handle, other.Handle, alpha, 0, out var r), r);

    public Tensor add(Scalar other) => Binary(BinaryOp.Add, other);

    public Tensor sub(Tensor other) => Binary(BinaryOp.Sub, other);

    public Tensor sub(Scalar other) => Binary(BinaryOp.Sub, other);

    public Tensor mul(Tensor other) => Binary(BinaryOp.Mul, other);

    public Tensor mul(Scalar other) => Binary(BinaryOp.Mul, other);

    public Tensor div(Tensor other) => Binary(BinaryOp.Div, other);

    public Tensor div(Scalar other) => Binary(BinaryOp.Div, other);

    public Tensor pow(Tensor exponent) => Binary(BinaryOp.Pow, exponent);

    public Tensor pow(Scalar exponent) => Binary(BinaryOp.Pow, exponent);

    public Tensor remainder(Scalar other) => Binary(BinaryOp.Remainder, other);

    public Tensor maximum(Tensor other) => Binary(BinaryOp.Maximum, other);

    public Tensor minimum(Tensor other) => Binary(BinaryOp.Minimum, other);

    public Tensor matmul(Tensor other) => Binary(BinaryOp.Matmul, other);

    public Tensor mm(Tensor other) => Binary(BinaryOp.Mm, other);

    public Tensor logical_and(Tensor other) => Binary(BinaryOp.LogicalAnd, other);

    public Tensor logical_or(Tensor other) => Binary(BinaryOp.LogicalOr, other);

    public Tensor eq(Tensor other) => Binary(BinaryOp.Eq, other);

    public Tensor eq(Scalar other) => Binary(BinaryOp.Eq, other);

    public Tensor ne(Tensor other) => Binary(BinaryOp.Ne, other);

    public Tensor ne(Scalar other) => Binary(BinaryOp.Ne, other);

    public Tensor gt(Tensor other) => Binary(BinaryOp.Gt, other);

    public Tensor gt(Scalar other) => Binary(BinaryOp.Gt, other);

    public Tensor ge(Tensor other) => Binary(BinaryOp.Ge, other);

    public Tensor ge(Scalar other) => Binary(BinaryOp.Ge, other);

    public Tensor lt(Tensor other) => Binary(BinaryOp.Lt, other);

    public Tensor lt(Scalar other) => Binary(BinaryOp.Lt, other);

    public Tensor le(Tensor other) => Binary(BinaryOp.Le, other);

    public Tensor le(Scalar other) => Binary(BinaryOp.Le, other);

    public Tensor add_(Tensor other) => Binary_(BinaryOp.Add, other);

    public Tensor add_(Scalar other) => Binary_(BinaryOp.Add, other);

    public Tensor add_(Tensor other, Scalar alpha)
    {
        Check(NativeMethods.mlt_add_alpha(Handle, other.Handle, alpha, 1, out _));
        return this;
    }

    public Tensor sub_(Tensor other) => Binary_(BinaryOp.Sub, other);

    public Tensor sub_(Scalar other) => Binary_(BinaryOp.Sub, other);

    public Tensor mul_(Tensor other) => Binary_(BinaryOp.Mul, other);

    public Tensor mul_(Scalar other) => Binary_(BinaryOp.Mul, other);

    public Tensor div_(Tensor other) => Binary_(BinaryOp.Div, other);

    public Tensor div_(Scalar other) => Binary_(BinaryOp.Div, other);

    public Tensor pow_(Scalar exponent) => Binary_(BinaryOp.Pow, exponent);

    public Tensor copy_(Tensor source) => Binary_(BinaryOp.Copy, source);

    public Tensor fill_(Scalar value) => Binary_(BinaryOp.Copy, value);

    public Tensor addcmul(Tensor t1, Tensor t2, Scalar? value = null) =>
        Result(NativeMethods.mlt_addcmul(Handle, t1.Handle, t2.Handle, value ?? 1, 0, out var r), r);

    public Tensor addcmul_(Tensor t1, Tensor t2, Scalar? value = null)
    {
        Check(NativeMethods.mlt_addcmul(Handle, t1.Handle, t2.Handle, value ?? 1, 1, out _));
        return this;
    }

    public Tensor addcdiv(Tensor t1, Tensor t2, Scalar? value = null) =>
        Result(NativeMethods.mlt_addcdiv(Handle, t1.Handle, t2.Handle, value ?? 1, 0, out var r), r);

    public Tensor addcdiv_(Tensor t1, Tensor t2, Scalar? value = null)
    {
        Check(NativeMethods.mlt_addcdiv(Handle, t1.Handle, t2.Handle, value ?? 1, 1, out _));
        return this;
    }

    public Tensor lerp(Tensor end, Scalar weight) =>
        Result(NativeMethods.mlt_lerp(Handle, end.Handle, weight, 0, out var r), r);

    public Tensor lerp_(Tensor end, Scalar weight)
    {
        Check(NativeMethods.mlt_lerp(Handle, end.Handle, weight, 1, out _));
        return this;
    }

    public Tensor clamp(Scalar? min = null, Scalar? max = null) =>
        Result(
            NativeMethods.mlt_clamp(
                Handle,
                min ?? 0,
                min.HasValue ? 1 : 0,
                max ?? 0,
                max.HasValue ? 1 : 0,
                0,
                out var r
            ),
            r
        );

    public Tensor clamp_(Scalar? min = null, Scalar? max = null)
    {
        Check(
            NativeMethods.mlt_clamp(Handle, min ?? 0, min.HasValue ? 1 : 0, max ?? 0, max.HasValue ? 1 : 0, 1, out _)
        );
        return this;
    }

    public Tensor clamp_min(Scalar min) => clamp(min: min);

    public Tensor clamp_max(Scalar max) => clamp(max: max);

    public Tensor uniform_(double from = 0, double to = 1)
    {
        Check(NativeMethods.mlt_uniform_(Handle, from, to));
        return this;
    }

    public Tensor normal_(double mean = 0, double std = 1)
    {
        Check(NativeMethods.mlt_normal_(Handle, mean, std));
        return this;
    }

    public Tensor to(ScalarType type) => Result(NativeMethods.mlt_to_dtype(Handle, (int)type, out var r), r);

    public Tensor @float() => to(ScalarType.Float32);

    public Tensor @double() => to(ScalarType.Float64);

    public Tensor @long() => to(ScalarType.Int64);

    public Tensor @int() => to(ScalarType.Int32);

    public Tensor @bool() => to(ScalarType.Bool);

    public bool allclose(Tensor other, double rtol = 1e-5, double atol = 1e-8)
    {
        Check(NativeMethods.mlt_allclose(Handle, other.Handle, rtol, atol, out var r));
        return r != 0;
    }

    public static Tensor operator +(Tensor a, Tensor b) => a.add(b);

    public static Tensor operator +(Tensor a, Scalar b) => a.add(b);

    public static Tensor operator +(Scalar a, Tensor b) => b.add(a);

    public static Tensor operator -(Tensor a, Tensor b) => a.sub(b);

    public static Tensor operator -(Tensor a, Scalar b) => a.sub(b);

    public static Tensor operator -(Scalar a, Tensor b) =>
        Result(NativeMethods.mlt_scalar_binary((int)BinaryOp.Sub, a, b.Handle, out var r), r);

    public static Tensor operator *(Tensor a, Tensor b) => a.mul(b);

    public static Tensor operator *(Tensor a, Scalar b) => a.mul(b);

    public static Tensor operator *(Scalar a, Tensor b) => b.mul(a);

    public static Tensor operator /(Tensor a, Tensor b) => a.div(b);

    public static Tensor operator /(Tensor a, Scalar b) => a.div(b);

    public static Tensor operator /(Scalar a, Tensor b) =>
        Result(NativeMethods.mlt_scalar_binary((int)BinaryOp.Div, a, b.Handle, out var r), r);

    public static Tensor operator -(Tensor a) => a.neg();
}
