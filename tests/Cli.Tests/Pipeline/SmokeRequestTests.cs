using Mlops.Cli.Pipeline.Stages;
using Mlops.Core.Errors;
using Mlops.Deploy.Tests.Fixtures;

namespace Mlops.Cli.Tests.Pipeline;

/// <summary>The smoke stage's request against stand-in services: a private one (403 until an identity token comes) and a public one.</summary>
public sealed class SmokeRequestTests
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
    private const string Prediction =
        """{"version":"3","predictions":[{"top":[{"label":"Sneaker","probability":0.97}]}]}""";
    private const string Refusal = """{"error":"forbidden"}""";

    [Fact]
    public async Task A_private_service_is_asked_again_with_an_identity_token()
    {
        using var service = new StandInHttpServer(r =>
            r.Authorization == "Bearer id-token-1" ? (200, Prediction) : (403, Refusal)
        );

        var answer = await SmokeRequest.AskAsync(
            service.Url("v1/models/fashion/predict"),
            Png,
            _ => Task.FromResult("id-token-1"),
            default
        );

        answer.Should().Be(new SmokeAnswer("3", "Sneaker", 0.97));
        service.Seen.Select(r => r.Authorization).Should().Equal(null, "Bearer id-token-1");
        service
            .Seen.Should()
            .OnlyContain(r =>
                r.Method == "POST"
                && r.Path == "/v1/models/fashion/predict"
                && r.ContentType == "image/png"
                && r.Body.SequenceEqual(Png)
            );
    }

    [Fact]
    public async Task A_public_service_is_never_sent_a_token()
    {
        using var service = new StandInHttpServer(_ => (200, Prediction));
        var minted = false;

        await SmokeRequest.AskAsync(
            service.Url("predict"),
            Png,
            _ =>
            {
                minted = true;
                return Task.FromResult("t");
            },
            default
        );

        minted.Should().BeFalse();
        service.Seen.Should().ContainSingle().Which.Authorization.Should().BeNull();
    }

    [Fact]
    public async Task A_refusal_is_reported_with_its_status_and_the_servers_text()
    {
        using var service = new StandInHttpServer(_ => (403, Refusal));

        var local = () => SmokeRequest.AskAsync(service.Url("predict"), Png, null, default);
        var error = (await local.Should().ThrowAsync<MlopsException>()).Which;
        error.Message.Should().Be("the server answered 403: " + Refusal);
        error.Where.Should().Be(service.Url("predict"));

        var withToken = () =>
            SmokeRequest.AskAsync(service.Url("predict"), Png, _ => Task.FromResult("not-an-invoker"), default);
        (await withToken.Should().ThrowAsync<MlopsException>())
            .Which.Message.Should()
            .StartWith("the server answered 403 to a request with an identity token");
    }
}
