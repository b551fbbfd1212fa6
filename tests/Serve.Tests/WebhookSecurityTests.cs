using System.Net;
using System.Text.Json;
using Mlops.Registry.Models;

namespace Mlops.Serve.Tests;

/// <summary>
/// The endpoints that change what is served (`/v1/registry/webhook`, `/v1/models/{m}/reload`) take only requests
/// signed with the server's secret, once: unsigned, wrongly signed, tampered, stale and replayed requests are refused
/// with what was wrong, and nothing reloads.
/// </summary>
public sealed class WebhookSecurityTests
{
    private const string Hook = "/v1/registry/webhook";
    private const string Event = """{"model": "bands", "alias": "production"}""";

    [Fact]
    public async Task Without_a_secret_the_endpoints_are_off_not_open()
    {
        await using var server = ServerFixture.WithBandModel(o => o with { WebhookSecret = null });

        var hook = await server.Client.PostAsync(Hook, Http.Json(Event));
        var reload = await Http.PostSigned(server.Client, "/v1/models/bands/reload", "");

        hook.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await Http.ReadJson(hook)).GetProperty("detail").GetString().Should().Contain("MLOPS_WEBHOOK_SECRET");
        reload
            .StatusCode.Should()
            .Be(HttpStatusCode.Forbidden, "signing cannot open what the server has no secret for");
    }

    [Fact]
    public async Task Unsigned_wrong_tampered_stale_and_replayed_requests_are_refused_and_a_good_one_passes_once()
    {
        await using var server = ServerFixture.WithBandModel(o => o with { WebhookSecret = Http.WebhookSecret });
        await Eventually.Ok(server.Client, "/ready");
        var client = server.Client;

        await Refused(client.PostAsync(Hook, Http.Json(Event)), "is not signed");
        await Refused(Http.PostSigned(client, Hook, Event, secret: "guessed"), "does not match the body");
        await Refused(
            Http.PostSigned(client, Hook, Event, time: DateTimeOffset.UtcNow.AddMinutes(-10)),
            "from this server's clock"
        );
        var tampered = new HttpRequestMessage(HttpMethod.Post, Hook)
        {
            Content = Http.Json("""{"model": "bands", "alias": "staging"}"""),
        };
        tampered.Headers.Add(
            Core.Security.WebhookSignature.Header,
            Core.Security.WebhookSignature.Sign(Http.WebhookSecret, "{}"u8, DateTimeOffset.UtcNow)
        );
        await Refused(client.SendAsync(tampered), "does not match the body");

        var signed = Core.Security.WebhookSignature.Sign(
            Http.WebhookSecret,
            System.Text.Encoding.UTF8.GetBytes(Event),
            DateTimeOffset.UtcNow
        );
        HttpRequestMessage Request()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, Hook) { Content = Http.Json(Event) };
            request.Headers.Add(Core.Security.WebhookSignature.Header, signed);
            return request;
        }
        var first = await client.SendAsync(Request());
        first.StatusCode.Should().Be(HttpStatusCode.OK, await first.Content.ReadAsStringAsync());
        (await Http.ReadJson(first))
            .GetProperty("checked")
            .GetArrayLength()
            .Should()
            .Be(0, "it got past the guard; the band model is a file, following no registry model");
        await Refused(client.SendAsync(Request()), "accepted before");
        foreach (
            var respelled in new[]
            {
                signed.ToUpperInvariant().Replace("T=", "t=").Replace("V1=", "v1="),
                signed.Replace(",", ", "),
                string.Join(',', signed.Split(',').Reverse()),
                signed + ",x=1",
            }
        )
        {
            var again = new HttpRequestMessage(HttpMethod.Post, Hook) { Content = Http.Json(Event) };
            again.Headers.TryAddWithoutValidation(Core.Security.WebhookSignature.Header, respelled);
            await Refused(client.SendAsync(again), "must read exactly");
        }
    }

    [Fact]
    public async Task The_registry_signs_its_webhooks_so_a_promote_reaches_a_server_sharing_the_secret()
    {
        await using var server = ServerFixture.WithBandModel(o => o with { WebhookSecret = Http.WebhookSecret });
        await Eventually.Ok(server.Client, "/ready");
        var received = new List<(string Signature, byte[] Body)>();
        using var listener = new System.Net.HttpListener();
        var port = Mlops.Deploy.Tests.Fixtures.ProcessRunner.FreeLoopbackPort();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var relay = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            received.Add((context.Request.Headers[Core.Security.WebhookSignature.Header] ?? "", body.ToArray()));
            context.Response.StatusCode = 200;
            context.Response.Close();
        });
        var warnings = new List<string>();
        using var notifier = new WebhookNotifier(
            new Uri($"http://127.0.0.1:{port}/hook"),
            warnings.Add,
            Http.WebhookSecret
        );

        await notifier.NotifyAsync(
            new AliasEvent
            {
                Model = "bands",
                Alias = "production",
                Sequence = 1,
                Action = "promote",
                To = 2,
                Actor = "test",
                At = DateTimeOffset.UtcNow,
            }
        );
        await relay;

        warnings.Should().BeEmpty();
        var (signature, bytes) = received.Single();
        Core.Security.WebhookSignature.Problem(Http.WebhookSecret, signature, bytes, DateTimeOffset.UtcNow)
            .Should()
            .BeNull("the registry's signature is one the server accepts");
        var forwarded = new HttpRequestMessage(HttpMethod.Post, Hook) { Content = new ByteArrayContent(bytes) };
        forwarded.Content.Headers.ContentType = new("application/json");
        forwarded.Headers.Add(Core.Security.WebhookSignature.Header, signature);
        var answer = await server.Client.SendAsync(forwarded);
        answer.StatusCode.Should().Be(HttpStatusCode.OK, await answer.Content.ReadAsStringAsync());
        JsonDocument.Parse(bytes).RootElement.GetProperty("model").GetString().Should().Be("bands");
    }

    private static async Task Refused(Task<HttpResponseMessage> sending, string why)
    {
        var response = await sending;
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, await response.Content.ReadAsStringAsync());
        (await Http.ReadJson(response)).GetProperty("detail").GetString().Should().Contain(why);
    }
}
