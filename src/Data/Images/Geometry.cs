namespace Mlops.Data.Images;

/// <summary>Crops, pads and flips. Areas outside the source are zero (black), as torchvision pads.</summary>
public static class Geometry
{
    /// <summary>The <paramref name="width"/>x<paramref name="height"/> window whose top-left is (left, top); may reach
    /// outside.</summary>
    public static Image Crop(Image image, int left, int top, int width, int height)
    {
        var result = new Image(width, height, image.Channels);
        int c = image.Channels;
        int x0 = Math.Max(0, -left),
            x1 = Math.Min(width, image.Width - left);
        if (x1 <= x0)
            return result;
        for (int y = 0; y < height; y++)
        {
            int sy = y + top;
            if (sy < 0 || sy >= image.Height)
                continue;
            Array.Copy(
                image.Pixels,
                ((sy * image.Width) + left + x0) * c,
                result.Pixels,
                ((y * width) + x0) * c,
                (x1 - x0) * c
            );
        }
        return result;
    }

    /// <summary>Centre crop with torchvision's offsets (round half to even); pads with zeros when the crop is
    /// larger.</summary>
    public static Image CenterCrop(Image image, int width, int height)
    {
        int left = (int)Math.Round((image.Width - width) / 2.0, MidpointRounding.ToEven);
        int top = (int)Math.Round((image.Height - height) / 2.0, MidpointRounding.ToEven);
        return Crop(image, left, top, width, height);
    }

    /// <summary>Places the image in the middle of a zero canvas (e.g. 28x28 into 32x32).</summary>
    public static Image PadTo(Image image, int width, int height) => CenterCrop(image, width, height);

    public static Image FlipHorizontal(Image image)
    {
        var result = new Image(image.Width, image.Height, image.Channels);
        int c = image.Channels;
        for (int y = 0; y < image.Height; y++)
        for (int x = 0; x < image.Width; x++)
            Array.Copy(
                image.Pixels,
                ((y * image.Width) + x) * c,
                result.Pixels,
                ((y * image.Width) + image.Width - 1 - x) * c,
                c
            );
        return result;
    }
}
