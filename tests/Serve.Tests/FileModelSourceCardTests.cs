using System.Text.Json;
using Mlops.Core.Artifacts;
using Mlops.Core.Hashing;
using Mlops.Serve.Models;

namespace Mlops.Serve.Tests;

/// <summary>
/// A served file reports its registry version when the card beside it (the image's /model/card.json) lists that very
/// file by sha256, and its content hash otherwise — a file swapped in later must not borrow the card's version.
/// </summary>
public sealed class FileModelSourceCardTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlops-card-version-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string WriteModel(string content)
    {
        var path = Path.Combine(_folder, "model.onnx");
        var temp = path + ".tmp";
        File.WriteAllText(temp, content);
        File.Move(temp, path, overwrite: true);
        return path;
    }

    private void WriteCard(object version, string sha256) =>
        File.WriteAllText(
            Path.Combine(_folder, ArtifactNames.ModelCard),
            JsonSerializer.Serialize(
                new
                {
                    model = "fashion",
                    version,
                    files = new[]
                    {
                        new
                        {
                            name = "model.int8.onnx",
                            size = 3,
                            sha256,
                        },
                    },
                }
            )
        );

    private static string VersionOf(string path) => new FileModelSource(path).CurrentVersionAsync(default).Result!;

    [Fact]
    public void A_card_listing_the_file_names_the_registry_version()
    {
        var model = WriteModel("int8 bytes");
        WriteCard(7, ContentHash.OfFile(model));

        VersionOf(model).Should().Be("7");
    }

    [Fact]
    public void A_string_version_of_a_file_deploy_card_is_used_as_given()
    {
        var model = WriteModel("fp32 bytes");
        WriteCard("2026-11-21", ContentHash.OfFile(model).ToUpperInvariant());

        VersionOf(model).Should().Be("2026-11-21");
    }

    [Fact]
    public void Without_a_card_or_with_a_card_of_another_file_the_version_is_the_content_hash()
    {
        var model = WriteModel("first model");
        var hash = ContentHash.OfFile(model);
        VersionOf(model).Should().Be(hash[..12]);

        WriteCard(7, hash);
        var swapped = WriteModel("a model copied over the baked-in one");

        VersionOf(swapped)
            .Should()
            .Be(ContentHash.OfFile(swapped)[..12], "the card lists the first file, not this one");
    }

    [Fact]
    public void An_unreadable_card_costs_only_the_name()
    {
        var model = WriteModel("model");
        File.WriteAllText(Path.Combine(_folder, ArtifactNames.ModelCard), "{ not json");

        VersionOf(model).Should().Be(ContentHash.OfFile(model)[..12]);
    }
}
