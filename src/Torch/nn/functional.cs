using Mlops.Torch.PInvoke;
using static Mlops.Torch.PInvoke.Native;

namespace Mlops.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>torch.nn.functional: stateless layers and losses.</summary>
        public static class functional
        {
            public static Tensor conv2d(
                Tensor input,
                Tensor weight,
                Tensor? bias = null,
                long stride = 1,
                long padding = 0,
                long dilation = 1,
                long groups = 1
            ) => conv2d(input, weight, bias, [stride, stride], [padding, padding], [dilation, dilation], groups);

            public static Tensor conv2d(
                Tensor input,
                Tensor weight,
                Tensor? bias,
                long[] stride,
                long[] padding,
                long[] dilation,
                long groups = 1
            )
            {
                Check(
                    NativeMethods.mlt_conv2d(
                        input.Handle,
                        weight.Handle,
                        PtrOf(bias),
                        Pair(stride, nameof(stride)),
                        Pair(padding, nameof(padding)),
                        Pair(dilation, nameof(dilation)),
                        groups,
                        out var r
                    )
                );
                GC.KeepAlive(bias);
                return new Tensor(r);
            }

            /// <summary>
            /// Batch normalisation over dimension 1. In training mode it normalises with the batch statistics and
            /// updates running_mean/running_var in place (running = (1 - momentum) * running + momentum * batch).
            /// </summary>
            public static Tensor batch_norm(
                Tensor input,
                Tensor? running_mean,
                Tensor? running_var,
                Tensor? weight = null,
                Tensor? bias = null,
                bool training = false,
                double momentum = 0.1,
                double eps = 1e-5
            ) => BatchNorm(input, running_mean, running_var, weight, bias, null, training, momentum, eps);

            internal static Tensor BatchNorm(
                Tensor input,
                Tensor? running_mean,
                Tensor? running_var,
                Tensor? weight,
                Tensor? bias,
                Tensor? num_batches_tracked,
                bool training,
                double momentum,
                double eps
            )
            {
                Check(
                    NativeMethods.mlt_batch_norm(
                        input.Handle,
                        PtrOf(weight),
                        PtrOf(bias),
                        PtrOf(running_mean),
                        PtrOf(running_var),
                        PtrOf(num_batches_tracked),
                        training ? 1 : 0,
                        momentum,
                        eps,
                        out var r
                    )
                );
                GC.KeepAlive(weight);
                GC.KeepAlive(bias);
                GC.KeepAlive(running_mean);
                GC.KeepAlive(running_var);
                GC.KeepAlive(num_batches_tracked);
                return new Tensor(r);
            }

            public static Tensor linear(Tensor input, Tensor weight, Tensor? bias = null)
            {
                Check(NativeMethods.mlt_linear(input.Handle, weight.Handle, PtrOf(bias), out var r));
                GC.KeepAlive(bias);
                return new Tensor(r);
            }

            public static Tensor relu(Tensor input, bool inplace = false) => inplace ? input.relu_() : input.relu();

            public static Tensor max_pool2d(
                Tensor input,
                long kernel_size,
                long? stride = null,
                long padding = 0,
                long dilation = 1,
                bool ceil_mode = false
            ) =>
                max_pool2d(
                    input,
                    [kernel_size, kernel_size],
                    stride.HasValue ? [stride.Value, stride.Value] : null,
                    [padding, padding],
                    [dilation, dilation],
                    ceil_mode
                );

            /// <summary>stride null = kernel_size, as in PyTorch.</summary>
            public static Tensor max_pool2d(
                Tensor input,
                long[] kernel_size,
                long[]? stride,
                long[] padding,
                long[] dilation,
                bool ceil_mode = false
            )
            {
                Check(
                    NativeMethods.mlt_max_pool2d(
                        input.Handle,
                        Pair(kernel_size, nameof(kernel_size)),
                        Pair(stride ?? kernel_size, nameof(stride)),
                        Pair(padding, nameof(padding)),
                        Pair(dilation, nameof(dilation)),
                        ceil_mode ? 1 : 0,
                        out var r
                    )
                );
                return new Tensor(r);
            }

            public static Tensor avg_pool2d(
                Tensor input,
                long kernel_size,
                long? stride = null,
                long padding = 0,
                bool ceil_mode = false,
                bool count_include_pad = true
            )
            {
                long s = stride ?? kernel_size;
                Check(
                    NativeMethods.mlt_avg_pool2d(
                        input.Handle,
                        [kernel_size, kernel_size],
                        [s, s],
                        [padding, padding],
                        ceil_mode ? 1 : 0,
                        count_include_pad ? 1 : 0,
                        out var r
                    )
                );
                return new Tensor(r);
            }

            public static Tensor adaptive_avg_pool2d(Tensor input, long output_size) =>
                adaptive_avg_pool2d(input, [output_size, output_size]);

            public static Tensor adaptive_avg_pool2d(Tensor input, long[] output_size)
            {
                Check(
                    NativeMethods.mlt_adaptive_avg_pool2d(
                        input.Handle,
                        Pair(output_size, nameof(output_size)),
                        out var r
                    )
                );
                return new Tensor(r);
            }

            /// <summary>
            /// Resamples the last two dimensions to <paramref name="size"/> (PyTorch's F.interpolate). Only "bilinear"
            /// is
            /// bound; like PyTorch without antialias, shrinking samples rather than averages beyond the 2x2
            /// neighbourhood.
            /// </summary>
            public static Tensor interpolate(
                Tensor input,
                long[] size,
                string mode = "bilinear",
                bool align_corners = false
            )
            {
                if (mode != "bilinear")
                    throw new ArgumentException(
                        $"interpolation mode '{mode}' is not bound; use \"bilinear\"",
                        nameof(mode)
                    );
                Check(
                    NativeMethods.mlt_interpolate_bilinear(
                        input.Handle,
                        Pair(size, nameof(size)),
                        align_corners ? 1 : 0,
                        out var r
                    )
                );
                return new Tensor(r);
            }

            public static Tensor dropout(Tensor input, double p = 0.5, bool training = true, bool inplace = false)
            {
                if (p < 0 || p > 1)
                    throw new ArgumentOutOfRangeException(nameof(p), p, "dropout probability must be in [0, 1]");
                Check(NativeMethods.mlt_dropout(input.Handle, p, training ? 1 : 0, inplace ? 1 : 0, out var r));
                return inplace ? input : new Tensor(r);
            }

            public static Tensor softmax(Tensor input, long dim, ScalarType? dtype = null) =>
                Softmax(input, dim, false, dtype);

            public static Tensor log_softmax(Tensor input, long dim, ScalarType? dtype = null) =>
                Softmax(input, dim, true, dtype);

            private static Tensor Softmax(Tensor input, long dim, bool log, ScalarType? dtype)
            {
                Check(
                    NativeMethods.mlt_softmax(
                        input.Handle,
                        dim,
                        log ? 1 : 0,
                        dtype.HasValue ? (int)dtype.Value : -1,
                        out var r
                    )
                );
                return new Tensor(r);
            }

            /// <summary>Cross-entropy of logits <paramref name="input"/> [N, C] against class indices [N]
            /// (int64).</summary>
            public static Tensor cross_entropy(
                Tensor input,
                Tensor target,
                Tensor? weight = null,
                long ignore_index = -100,
                Reduction reduction = Reduction.Mean,
                double label_smoothing = 0.0
            )
            {
                if (label_smoothing < 0 || label_smoothing > 1)
                    throw new ArgumentOutOfRangeException(
                        nameof(label_smoothing),
                        label_smoothing,
                        "label smoothing must be in [0, 1]"
                    );
                Check(
                    NativeMethods.mlt_cross_entropy(
                        input.Handle,
                        target.Handle,
                        PtrOf(weight),
                        (long)reduction,
                        ignore_index,
                        label_smoothing,
                        out var r
                    )
                );
                GC.KeepAlive(weight);
                return new Tensor(r);
            }

            /// <summary>Negative log-likelihood of log-probabilities <paramref name="input"/> [N, C] against class
            /// indices [N].</summary>
            public static Tensor nll_loss(
                Tensor input,
                Tensor target,
                Tensor? weight = null,
                long ignore_index = -100,
                Reduction reduction = Reduction.Mean
            )
            {
                Check(
                    NativeMethods.mlt_nll_loss(
                        input.Handle,
                        target.Handle,
                        PtrOf(weight),
                        (long)reduction,
                        ignore_index,
                        out var r
                    )
                );
                GC.KeepAlive(weight);
                return new Tensor(r);
            }

            public static Tensor mse_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
            {
                Check(NativeMethods.mlt_mse_loss(input.Handle, target.Handle, (long)reduction, out var r));
                return new Tensor(r);
            }

            private static long[] Pair(long[] values, string name) =>
                values.Length == 2
                    ? values
                    : throw new ArgumentException($"{name} needs 2 values (height, width), got {values.Length}", name);
        }
    }
}
