using Mlops.Core.Errors;
using Mlops.Data.Images;

namespace Mlops.Data.Datasets;

/// <summary>How images reach the model's input size: stretch them (bilinear) or centre them on a zero border.</summary>
public enum SizeMode
{
    Resize,
    Pad,
}

public static class InputSizing
{
    /// <summary>Every image brought to <paramref name="size"/>x<paramref name="size"/> once, up front (e.g.
    /// Fashion-MNIST 28 → 32).</summary>
    public static ImageDataset Apply(ImageDataset dataset, int size, SizeMode mode)
    {
        if (size <= 0)
            throw new MlopsException($"image size must be positive, got {size}", "image_size");
        if (dataset.Width == size && dataset.Height == size)
            return dataset;
        if (mode == SizeMode.Pad && (dataset.Width > size || dataset.Height > size))
            throw new MlopsException(
                $"cannot pad {dataset.Width}x{dataset.Height} images down to {size}x{size}; use resize",
                "image_size"
            );
        return mode == SizeMode.Pad
            ? dataset.Map(image => Geometry.PadTo(image, size, size))
            : dataset.Map(image => BilinearResize.Resize(image, size, size));
    }
}
