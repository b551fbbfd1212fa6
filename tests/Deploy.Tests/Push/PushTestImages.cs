using Mlops.Deploy.Image;
using Mlops.Deploy.Push;
using Mlops.Deploy.Tests.Fixtures;

namespace Mlops.Deploy.Tests.Push;

/// <summary>Small images (stand-in runtime) and a pusher wired to a registry, for the push tests.</summary>
internal static class PushTestImages
{
    public static readonly RetryPolicy FastRetry = new(3, TimeSpan.FromMilliseconds(10));

    public static BuiltImage Build(TempDirectory directory, int modelSeed, string version = "1")
    {
        var publish = Directory.Exists(directory.Combine("publish"))
            ? directory.Combine("publish")
            : TestImages.FakePublish(directory);
        return ImageBuilder.Build(
            new BlobStore(directory.Combine("layout")),
            TestImages.Request(publish, TestImages.Model(directory, modelSeed, size: 200_000), version)
        );
    }

    public static ImagePusher Pusher(
        string target,
        IRegistryCredentials? credentials = null,
        HttpMessageHandler? handler = null
    ) => new(Client(target, credentials, handler), FastRetry);

    public static RegistryClient Client(
        string target,
        IRegistryCredentials? credentials = null,
        HttpMessageHandler? handler = null
    ) => new(ImageReference.Parse(target), credentials ?? new AnonymousCredentials(), handler, FastRetry);
}
