using System.Runtime.InteropServices;

namespace Mlops.Torch.PInvoke;

/// <summary>
/// The C ABI of libmlops_torch.so (src/Torch/native). Functions returning int give 0 on success and 1 after a
/// native exception whose text <see cref="mlt_last_error"/> holds; <see cref="Native.Check"/> turns that into a
/// <see cref="TorchException"/>. Tensor results come back as new owned <c>at::Tensor*</c> (IntPtr.Zero = undefined).
/// </summary>
internal static unsafe partial class NativeMethods
{
    private const string Lib = "mlops_torch";

    // runtime.cpp
    [LibraryImport(Lib)]
    internal static partial IntPtr mlt_last_error();

    [LibraryImport(Lib)]
    internal static partial long mlt_live_tensors();

    [LibraryImport(Lib)]
    internal static partial void mlt_free(IntPtr t);

    [LibraryImport(Lib)]
    internal static partial int mlt_manual_seed(ulong seed);

    [LibraryImport(Lib)]
    internal static partial int mlt_set_num_threads(int n);

    [LibraryImport(Lib)]
    internal static partial int mlt_get_num_threads();

    [LibraryImport(Lib)]
    internal static partial int mlt_grad_enabled();

    [LibraryImport(Lib)]
    internal static partial void mlt_set_grad_enabled(int enabled);

    // autocast.cpp
    [LibraryImport(Lib)]
    internal static partial int mlt_autocast_cpu_state(out int enabled, out int dtype);

    [LibraryImport(Lib)]
    internal static partial int mlt_autocast_cpu_enter(int enabled, int dtype);

    [LibraryImport(Lib)]
    internal static partial int mlt_autocast_cpu_exit(int previousEnabled, int previousDtype);

    // tensor_create.cpp
    [LibraryImport(Lib)]
    internal static partial int mlt_new(
        int kind,
        ReadOnlySpan<long> shape,
        int ndim,
        int dtype,
        int requiresGrad,
        out IntPtr result
    );

    [LibraryImport(Lib)]
    internal static partial int mlt_new_like(int kind, TensorHandle a, int dtype, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mlt_full(
        ReadOnlySpan<long> shape,
        int ndim,
        Scalar value,
        int dtype,
        int requiresGrad,
        out IntPtr result
    );

    [LibraryImport(Lib)]
    internal static partial int mlt_full_like(TensorHandle a, Scalar value, int dtype, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mlt_arange(Scalar start, Scalar end, Scalar step, int dtype, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mlt_randint(
        long low,
        long high,
        ReadOnlySpan<long> shape,
        int ndim,
        int dtype,
        out IntPtr result
    );

    [LibraryImport(Lib)]
    internal static partial int mlt_randperm(long n, int dtype, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mlt_from_data(
        void* data,
        long nbytes,
        ReadOnlySpan<long> shape,
        int ndim,
        int dtype,
        out IntPtr result
    );

    [LibraryImport(Lib)]
    internal static partial int mlt_from_blob(
        void* data,
        ReadOnlySpan<long> shape,
        int ndim,
        int dtype,
        out IntPtr result
    );

    [LibraryImport(Lib)]
    internal static partial int mlt_copy_to_buffer(TensorHandle a, void* dst, long nbytes);

    [LibraryImport(Lib)]
    internal static partial int mlt_copy_from_buffer(TensorHandle a, void* src, long nbytes);

    [LibraryImport(Lib)]
    internal static partial int mlt_data_ptr(TensorHandle a, out IntPtr data);

    [LibraryImport(Lib)]
    internal static partial int mlt_item(TensorHandle a, out double d, out long i);

    [LibraryImport(Lib)]
    internal static partial int mlt_dim(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial int mlt_sizes(TensorHandle a, Span<long> sizes, int capacity);

    [LibraryImport(Lib)]
    internal static partial int mlt_size(TensorHandle a, int dim, out long size);

    [LibraryImport(Lib)]
    internal static partial int mlt_dtype(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial long mlt_numel(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial int mlt_is_contiguous(TensorHandle a);

    // tensor_math.cpp
    [LibraryImport(Lib)]
    internal static partial int mlt_unary(int op, TensorHandle a, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mlt_unary_(int op, TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial int mlt_binary(int op, TensorHandle a, TensorHandle b, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mlt_binary_scalar(int op, TensorHandle a, Scalar b, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mlt_scalar_binary(int op, Scalar a, TensorHandle b, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mlt_binary_(int op, TensorHandle a, TensorHandle b);

    [LibraryImport(Lib)]
    internal static partial int mlt_binary_scalar_(int op, TensorHandle a, Scalar b);

    [LibraryImport(Lib)]
    internal static partial int mlt_add_alpha(
        TensorHandle a,
        TensorHandle b,
        Scalar alpha,
        int inplace,
        out IntPtr result
    );

    [LibraryImport(Lib)]
    internal static partial int mlt_addcmul(
        TensorHandle a,
        TensorHandle t1,
        TensorHandle t2,
        Scalar value,
        int inplace,
        out IntPtr result
    );

    [LibraryImport(Lib)]
    internal static partial int mlt_addcdiv(
        TensorHandle a,
        TensorHandle t1,
        TensorHandle t2,
        Scalar value,
        int inplace,
        out IntPtr result
    );

    [LibraryImport(Lib)]
    internal static partial int mlt_lerp(
        TensorHandle a,
        TensorHandle end,
        Scalar weight,
        int inplace,
        out IntPtr result
    );

    [LibraryImport(Lib)]
    internal static partial int mlt_clamp(
        TensorHandle a,
        Scalar min,
        int hasMin,
        Scalar max,
        int hasMax,
        int inplace,
        out IntPtr result
    );

    [LibraryImport(Lib)]
    internal static partial int mlt_where(TensorHandle cond, TensorHandle a, TensorHandle b, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mlt_uniform_(TensorHandle a, double from, double to);

    [LibraryImport(Lib)]
    internal static partial int mlt_normal_(TensorHandle a, double mean, double std);

    [LibraryImport(Lib)]
    internal static partial int mlt_to_dtype(TensorHandle a, int dtype, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mlt_allclose(TensorHandle a, TensorHandle b, double rtol, double atol, out int result);

    [LibraryImport(Lib)]
    internal static partial int mlt_reduce(
        int op,
        TensorHandle a,
        ReadOnlySpan<long> dims,
        int ndim,
        int keepdim,
        out IntPtr result
    );

    [LibraryImport(Lib)]
    internal static partial int mlt_max_dim(
        TensorHandle a,
        long dim,
        int keepdim,
        int isMin,
        out IntPtr values,
        out IntPtr indices
    );

    [LibraryImport(Lib)]
    internal static partial int mlt_argmax(
        TensorHandle a,
        long dim,
        int hasDim,
        int keepdim,
        int isMin,
        out IntPtr result
    );

    // tensor_shape.cpp
    [LibraryImport(Lib)]
    internal static partial int mlt_reshape(
        int op,
        TensorHandle a,
        ReadOnlySpan<long> shape,
        int ndim,
        out IntPtr result
    );

    [LibraryImport(Lib)]
    internal static partial int mlt_transpose(TensorHandle a, long dim0, long dim1, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mlt_t(TensorHandle a, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mlt_flatten(TensorHandle a, long start, long end, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mlt_squeeze(TensorHandle a, long dim, int hasDim, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mlt_unsqueeze(TensorHandle a, long dim, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mlt_narrow(TensorHandle a, long dim, long start, long length, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mlt_slice(TensorHandle a, long dim, long start, long end, long step, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mlt_select(TensorHandle a, long dim, long index, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mlt_index_select(TensorHandle a, long dim, TensorHandle index, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mlt_gather(TensorHandle a, long dim, TensorHandle index, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mlt_index(TensorHandle a, TensorHandle index, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mlt_masked_fill(
        TensorHandle a,
        TensorHandle mask,
        Scalar value,
        int inplace,
        out IntPtr result
    );

    [LibraryImport(Lib)]
    internal static partial int mlt_contiguous_format(TensorHandle a, int format, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mlt_is_contiguous_format(TensorHandle a, int format, out int result);

    [LibraryImport(Lib)]
    internal static partial int mlt_relayout_(TensorHandle a, int format);

    [LibraryImport(Lib)]
    internal static partial int mlt_cat(IntPtr* tensors, int n, long dim, int stack, out IntPtr result);

    // autograd.cpp
    [LibraryImport(Lib)]
    internal static partial int mlt_requires_grad_(TensorHandle a, int requiresGrad);

    [LibraryImport(Lib)]
    internal static partial int mlt_requires_grad(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial int mlt_is_leaf(TensorHandle a);

    [LibraryImport(Lib)]
    internal static partial int mlt_grad(TensorHandle a, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mlt_set_grad(TensorHandle a, IntPtr grad);

    [LibraryImport(Lib)]
    internal static partial int mlt_zero_grads(IntPtr* tensors, int n, int setToNone);

    [LibraryImport(Lib)]
    internal static partial int mlt_backward(TensorHandle a, IntPtr gradient, int retainGraph, int createGraph);

    // nn_functional.cpp
    [LibraryImport(Lib)]
    internal static partial int mlt_conv2d(
        TensorHandle input,
        TensorHandle weight,
        IntPtr bias,
        ReadOnlySpan<long> stride,
        ReadOnlySpan<long> padding,
        ReadOnlySpan<long> dilation,
        long groups,
        out IntPtr result
    );

    [LibraryImport(Lib)]
    internal static partial int mlt_batch_norm(
        TensorHandle input,
        IntPtr weight,
        IntPtr bias,
        IntPtr runningMean,
        IntPtr runningVar,
        IntPtr numBatchesTracked,
        int training,
        double momentum,
        double eps,
        out IntPtr result
    );

    [LibraryImport(Lib)]
    internal static partial int mlt_linear(TensorHandle input, TensorHandle weight, IntPtr bias, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mlt_max_pool2d(
        TensorHandle input,
        ReadOnlySpan<long> kernel,
        ReadOnlySpan<long> stride,
        ReadOnlySpan<long> padding,
        ReadOnlySpan<long> dilation,
        int ceilMode,
        out IntPtr result
    );

    [LibraryImport(Lib)]
    internal static partial int mlt_avg_pool2d(
        TensorHandle input,
        ReadOnlySpan<long> kernel,
        ReadOnlySpan<long> stride,
        ReadOnlySpan<long> padding,
        int ceilMode,
        int countIncludePad,
        out IntPtr result
    );

    [LibraryImport(Lib)]
    internal static partial int mlt_adaptive_avg_pool2d(
        TensorHandle input,
        ReadOnlySpan<long> outputSize,
        out IntPtr result
    );

    [LibraryImport(Lib)]
    internal static partial int mlt_interpolate_bilinear(
        TensorHandle input,
        ReadOnlySpan<long> outputSize,
        int alignCorners,
        out IntPtr result
    );

    [LibraryImport(Lib)]
    internal static partial int mlt_dropout(TensorHandle input, double p, int training, int inplace, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mlt_softmax(TensorHandle input, long dim, int log, int dtype, out IntPtr result);

    [LibraryImport(Lib)]
    internal static partial int mlt_cross_entropy(
        TensorHandle input,
        TensorHandle target,
        IntPtr weight,
        long reduction,
        long ignoreIndex,
        double labelSmoothing,
        out IntPtr result
    );

    [LibraryImport(Lib)]
    internal static partial int mlt_nll_loss(
        TensorHandle input,
        TensorHandle target,
        IntPtr weight,
        long reduction,
        long ignoreIndex,
        out IntPtr result
    );

    [LibraryImport(Lib)]
    internal static partial int mlt_mse_loss(
        TensorHandle input,
        TensorHandle target,
        long reduction,
        out IntPtr result
    );

    // optim.cpp
    [LibraryImport(Lib)]
    internal static partial int mlt_sgd_step(
        IntPtr* parameters,
        IntPtr* buffers,
        int n,
        double lr,
        double momentum,
        double dampening,
        double weightDecay,
        int nesterov,
        int maximize
    );

    [LibraryImport(Lib)]
    internal static partial int mlt_adamw_step(
        IntPtr* parameters,
        IntPtr* expAvgs,
        IntPtr* expAvgSqs,
        double* steps,
        int n,
        double lr,
        double beta1,
        double beta2,
        double eps,
        double weightDecay,
        int maximize
    );

    [LibraryImport(Lib)]
    internal static partial int mlt_clip_grad_norm(IntPtr* parameters, int n, double maxNorm, out double totalNorm);
}
