namespace Mlops.Serve.Tests.Startup;

/// <summary>A raw image/png request body of the band model's test image.</summary>
internal static class PngBody
{
    public static ByteArrayContent Band(int band)
    {
        var content = new ByteArrayContent(TestModels.BandPng(band));
        content.Headers.ContentType = new("image/png");
        return content;
    }
}
