using Mlops.Core.Errors;
using Mlops.Deploy.Push;

namespace Mlops.Deploy.Tests.Push;

public class ImageReferenceTests
{
    [Theory]
    [InlineData(
        "127.0.0.1:5000/mlops/fashion:staging",
        "127.0.0.1:5000",
        "mlops/fashion",
        "staging",
        true,
        "http://127.0.0.1:5000/v2/mlops/fashion/"
    )]
    [InlineData(
        "europe-docker.pkg.dev/proj/repo/fashion",
        "europe-docker.pkg.dev",
        "proj/repo/fashion",
        null,
        false,
        "https://europe-docker.pkg.dev/v2/proj/repo/fashion/"
    )]
    [InlineData(
        "http://registry.lan:5000/fashion:v1",
        "registry.lan:5000",
        "fashion",
        "v1",
        true,
        "http://registry.lan:5000/v2/fashion/"
    )]
    public void References_name_registry_repository_tag_and_scheme(
        string text,
        string registry,
        string repository,
        string? tag,
        bool plainHttp,
        string baseUri
    )
    {
        var reference = ImageReference.Parse(text);
        reference.Registry.Should().Be(registry);
        reference.Repository.Should().Be(repository);
        reference.Tag.Should().Be(tag);
        reference.PlainHttp.Should().Be(plainHttp);
        reference.BaseUri.ToString().Should().Be(baseUri);
    }

    [Fact]
    public void Artifact_registry_hosts_are_recognised_for_google_credentials()
    {
        ImageReference.Parse("europe-docker.pkg.dev/p/r/fashion").IsArtifactRegistry.Should().BeTrue();
        ImageReference.Parse("127.0.0.1:5000/fashion").IsArtifactRegistry.Should().BeFalse();
    }

    [Theory]
    [InlineData("fashion", "*not <registry>/<repository>*")]
    [InlineData("127.0.0.1:5000/Fashion", "*not a valid repository name*")]
    [InlineData("127.0.0.1:5000/fashion:bad tag", "*not a valid tag*")]
    public void Malformed_references_are_refused_with_the_reason(string text, string message)
    {
        var act = () => ImageReference.Parse(text);
        act.Should().Throw<MlopsException>().WithMessage(message).Which.Where.Should().Be("--push");
    }
}
