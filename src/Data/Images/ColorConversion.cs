namespace Mlops.Data.Images;

/// <summary>Grey/RGB conversions. Alpha is dropped (as PIL's convert does), not composited.</summary>
public static class ColorConversion
{
    /// <summary>ITU-R 601-2 luma (L = 0.299 R + 0.587 G + 0.114 B), the weights PIL and torchvision use.</summary>
    public static Image ToGrey(Image image)
    {
        if (image.Channels == 1)
            return image;
        var grey = new byte[image.Width * image.Height];
        var src = image.Pixels;
        int c = image.Channels;
        if (c == 2)
        {
            for (int i = 0; i < grey.Length; i++)
                grey[i] = src[i * 2];
        }
        else
        {
            for (int i = 0; i < grey.Length; i++)
            {
                int o = i * c;
                // Integer form of the luma weights, rounded like PIL: (R*19595 + G*38470 + B*7471 + 0x8000) >> 16.
                grey[i] = (byte)((src[o] * 19595 + src[o + 1] * 38470 + src[o + 2] * 7471 + 0x8000) >> 16);
            }
        }
        return new Image(image.Width, image.Height, 1, grey);
    }

    public static Image ToRgb(Image image)
    {
        if (image.Channels == 3)
            return image;
        int n = image.Width * image.Height;
        var rgb = new byte[n * 3];
        var src = image.Pixels;
        int c = image.Channels;
        for (int i = 0; i < n; i++)
        {
            int o = i * c;
            if (c <= 2)
            {
                rgb[i * 3] = rgb[i * 3 + 1] = rgb[i * 3 + 2] = src[o];
            }
            else
            {
                rgb[i * 3] = src[o];
                rgb[i * 3 + 1] = src[o + 1];
                rgb[i * 3 + 2] = src[o + 2];
            }
        }
        return new Image(image.Width, image.Height, 3, rgb);
    }

    /// <summary>Converts to 1 (grey) or 3 (RGB) channels.</summary>
    public static Image ToChannels(Image image, int channels) =>
        channels switch
        {
            1 => ToGrey(image),
            3 => ToRgb(image),
            _ => throw new ArgumentOutOfRangeException(nameof(channels), $"channels must be 1 or 3, got {channels}"),
        };
}
