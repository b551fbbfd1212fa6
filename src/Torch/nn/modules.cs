using Mlops.Torch.Modules;

namespace Mlops.Torch;

public static partial class torch
{
    /// <summary>Layer factories with PyTorch's names and defaults: <c>torch.nn.Conv2d(3, 64, 3, padding:
    /// 1)</c>.</summary>
    public static partial class nn
    {
        public static Modules.Conv2d Conv2d(
            long in_channels,
            long out_channels,
            long kernel_size,
            long stride = 1,
            long padding = 0,
            long dilation = 1,
            long groups = 1,
            bool bias = true
        ) =>
            new(
                in_channels,
                out_channels,
                [kernel_size, kernel_size],
                [stride, stride],
                [padding, padding],
                [dilation, dilation],
                groups,
                bias
            );

        public static Modules.Conv2d Conv2d(
            long in_channels,
            long out_channels,
            (long h, long w) kernel_size,
            (long h, long w) stride,
            (long h, long w) padding,
            long groups = 1,
            bool bias = true
        ) =>
            new(
                in_channels,
                out_channels,
                [kernel_size.h, kernel_size.w],
                [stride.h, stride.w],
                [padding.h, padding.w],
                [1, 1],
                groups,
                bias
            );

        public static Modules.BatchNorm2d BatchNorm2d(
            long num_features,
            double eps = 1e-5,
            double? momentum = 0.1,
            bool affine = true,
            bool track_running_stats = true
        ) => new(num_features, eps, momentum, affine, track_running_stats);

        public static Modules.Linear Linear(long in_features, long out_features, bool bias = true) =>
            new(in_features, out_features, bias);

        public static Modules.ReLU ReLU(bool inplace = false) => new(inplace);

        public static Modules.MaxPool2d MaxPool2d(
            long kernel_size,
            long? stride = null,
            long padding = 0,
            long dilation = 1,
            bool ceil_mode = false
        ) =>
            new(
                [kernel_size, kernel_size],
                stride.HasValue ? [stride.Value, stride.Value] : null,
                [padding, padding],
                [dilation, dilation],
                ceil_mode
            );

        public static Modules.AdaptiveAvgPool2d AdaptiveAvgPool2d(long output_size) => new([output_size, output_size]);

        public static Modules.AdaptiveAvgPool2d AdaptiveAvgPool2d((long h, long w) output_size) =>
            new([output_size.h, output_size.w]);

        public static Modules.Dropout Dropout(double p = 0.5, bool inplace = false) => new(p, inplace);

        public static Modules.Flatten Flatten(long start_dim = 1, long end_dim = -1) => new(start_dim, end_dim);

        public static Modules.Identity Identity() => new();

        public static Modules.Sequential Sequential(params Module<Tensor, Tensor>[] modules) => new(modules);

        public static Modules.Sequential Sequential(params (string name, Module<Tensor, Tensor> module)[] modules) =>
            new(modules);
    }
}
