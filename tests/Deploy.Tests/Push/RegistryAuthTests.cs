using System.Net;
using System.Text;
using Mlops.Core.Errors;
using Mlops.Deploy.Push;
using Mlops.Deploy.Tests.Fixtures;

namespace Mlops.Deploy.Tests.Push;

public class RegistryAuthTests
{
    [Fact]
    public async Task Basic_auth_pushes_with_the_right_password_and_says_401_with_a_wrong_one()
    {
        using var registry = new LocalRegistry("ci", "s3cret");
        using var work = new TempDirectory();
        var image = PushTestImages.Build(work, modelSeed: 1);
        var target = $"{registry.Host}/mlops/fashion:v1";

        var wrong = () => PushTestImages.Pusher(target, new BasicCredentials("ci", "nope")).PushAsync(image);
        var anonymous = () => PushTestImages.Pusher(target).PushAsync(image);
        (await wrong.Should().ThrowAsync<MlopsException>()).WithMessage("*refused the credentials (401)*");
        (await anonymous.Should().ThrowAsync<MlopsException>()).WithMessage("*(401)*");

        var result = await PushTestImages.Pusher(target, new BasicCredentials("ci", "s3cret")).PushAsync(image);
        result.ManifestDigest.Should().Be(image.Manifest.Digest);
    }

    [Fact]
    public async Task A_bearer_challenge_is_answered_with_a_token_fetched_from_the_realm()
    {
        using var registry = new LocalRegistry();
        using var work = new TempDirectory();
        var image = PushTestImages.Build(work, modelSeed: 1);
        var tokenRequests = new List<Uri>();
        using var gate = new InterceptingHandler();
        gate.Intercept = request =>
        {
            if (request.RequestUri!.Host == "auth.test")
            {
                tokenRequests.Add(request.RequestUri);
                var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("robot:pw"));
                return request.Headers.Authorization?.Parameter == basic
                    ? Json("{\"token\":\"t0ken\",\"expires_in\":300}")
                    : new HttpResponseMessage(HttpStatusCode.Unauthorized);
            }
            if (request.Headers.Authorization is { Scheme: "Bearer", Parameter: "t0ken" })
                return null;
            var challenge = new HttpResponseMessage(HttpStatusCode.Unauthorized);
            challenge.Headers.WwwAuthenticate.ParseAdd(
                "Bearer realm=\"http://auth.test/token\",service=\"registry.test\",scope=\"repository:mlops/fashion:pull,push\""
            );
            return challenge;
        };

        var result = await PushTestImages
            .Pusher($"{registry.Host}/mlops/fashion:v1", new BasicCredentials("robot", "pw"), gate)
            .PushAsync(image);

        result.ManifestDigest.Should().Be(image.Manifest.Digest);
        tokenRequests.Should().HaveCount(1, "the token is cached for the scope");
        var query = Uri.UnescapeDataString(tokenRequests[0].Query);
        query.Should().Contain("service=registry.test").And.Contain("scope=repository:mlops/fashion:pull,push");
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden, "*not allowed (403)*DENIED: push denied*")]
    [InlineData(HttpStatusCode.NotFound, "*not found (404)*NAME_UNKNOWN*")]
    public async Task Refusals_become_clear_errors_naming_the_registry_error(HttpStatusCode status, string expected)
    {
        using var registry = new LocalRegistry();
        using var work = new TempDirectory();
        var image = PushTestImages.Build(work, modelSeed: 1);
        var code = status == HttpStatusCode.Forbidden ? "DENIED" : "NAME_UNKNOWN";
        var text = status == HttpStatusCode.Forbidden ? "push denied" : "repository name not known to registry";
        using var gate = new InterceptingHandler
        {
            Intercept = request =>
                request.Method == HttpMethod.Post
                    ? Json($"{{\"errors\":[{{\"code\":\"{code}\",\"message\":\"{text}\"}}]}}", status)
                    : null,
        };

        var push = () => PushTestImages.Pusher($"{registry.Host}/mlops/fashion:v1", handler: gate).PushAsync(image);

        (await push.Should().ThrowAsync<MlopsException>())
            .WithMessage(expected)
            .Which.Where.Should()
            .Contain("/v2/mlops/fashion/blobs/uploads/");
    }

    [Fact]
    public void A_challenge_with_commas_inside_quotes_is_parsed_whole()
    {
        var challenge = AuthChallenge.Parse(
            "Bearer",
            "realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:a/b:pull,push\""
        );
        challenge.IsBearer.Should().BeTrue();
        challenge["realm"].Should().Be("https://auth.docker.io/token");
        challenge["service"].Should().Be("registry.docker.io");
        challenge["scope"].Should().Be("repository:a/b:pull,push");
    }

    private static HttpResponseMessage Json(string body, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
}
