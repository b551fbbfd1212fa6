using System.Text.Json;
using Mlops.Deploy.CloudRun;

namespace Mlops.Deploy.Tests.CloudRun;

/// <summary>A service's template read back as the settings a new revision would be written with: what we write comes
/// back equal; a template that cannot be reproduced (a secret in the environment) reads as none.</summary>
public sealed class CloudRunTemplateJsonTests
{
    private const string Image =
        "europe-docker.pkg.dev/p/r/fashion@sha256:"
        + "ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12";

    [Fact]
    public void The_settings_we_write_read_back_equal()
    {
        var written = new ServiceSettings(
            Image,
            Cpu: "2",
            Memory: "2Gi",
            Concurrency: 16,
            MinInstances: 1,
            MaxInstances: 7,
            Port: 9000,
            StartupProbePath: "/healthz",
            Environment: new Dictionary<string, string> { ["A"] = "1", ["B"] = "two" }
        );
        var json = CloudRunJson.Service(written, "fashion-ab12ab12ab", [TrafficTarget.Latest()], null, null);

        var read = CloudRunTemplateJson.ReadSettings(JsonDocument.Parse(json.ToJsonString()).RootElement);

        read.Should().BeEquivalentTo(written);
    }

    [Theory]
    [InlineData("\"serviceAccount\":\"runner@p.iam.gserviceaccount.com\"", "it runs as service account runner@p")]
    [InlineData("\"volumes\":[{\"name\":\"models\"}]", "its template sets volumes")]
    [InlineData("\"vpcAccess\":{\"connector\":\"c\"}", "its template sets vpcAccess")]
    public void A_template_a_copy_would_not_run_like_is_named(string field, string reason)
    {
        var json = $"{{\"template\":{{{field},\"containers\":[{{\"image\":\"{Image}\"}}]}}}}";

        var service = JsonDocument.Parse(json).RootElement;

        CloudRunTemplateJson.Unreproducible(service).Should().StartWith(reason);
        CloudRunTemplateJson.ReadSettings(service).Should().BeNull();
    }

    [Fact]
    public void The_default_compute_account_is_what_a_copy_runs_as_anyway()
    {
        var json =
            "{\"template\":{\"serviceAccount\":\"123-compute@developer.gserviceaccount.com\",\"containers\":"
            + $"[{{\"image\":\"{Image}\"}}]}}}}";

        CloudRunTemplateJson.Unreproducible(JsonDocument.Parse(json).RootElement).Should().BeNull();
    }

    [Fact]
    public void A_secret_in_the_environment_or_no_container_reads_as_no_template()
    {
        var secret = """
            {"template":{"containers":[{"image":"r/f@sha256:00","env":[{"name":"TOKEN",
            "valueSource":{"secretKeyRef":{"secret":"t","version":"latest"}}}]}]}}
            """;

        CloudRunTemplateJson.ReadSettings(JsonDocument.Parse(secret).RootElement).Should().BeNull();
        CloudRunTemplateJson.ReadSettings(JsonDocument.Parse("{\"template\":{}}").RootElement).Should().BeNull();
    }
}
