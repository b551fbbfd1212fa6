using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Google.Apis.Auth.OAuth2;
using Mlops.Core.Errors;
using Mlops.Deploy.CloudRun;
using Mlops.Deploy.Tests.Fixtures;

namespace Mlops.Deploy.Tests.CloudRun;

/// <summary>
/// Identity tokens for a private Cloud Run service, minted by Google's auth library from a service-account key against
/// a stand-in token endpoint (the key file's token_uri): proves what we ask for and what we hand on, not Google's server.
/// </summary>
public sealed class CloudRunIdentityTokenTests
{
    private const string Service = "https://fashion-abc123-ew.a.run.app";
    private const string Account = "smoke@p.iam.gserviceaccount.com";

    [Fact]
    public async Task A_service_account_key_mints_a_token_whose_audience_is_the_service_url()
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var minted = UnsignedJwt(
            new JsonObject
            {
                ["aud"] = Service,
                ["iat"] = now,
                ["exp"] = now + 3600,
            }
        );
        using var tokenEndpoint = new StandInHttpServer(_ =>
            (200, new JsonObject { ["id_token"] = minted }.ToJsonString())
        );
        using var key = RSA.Create(2048);
        var account = new ServiceAccountCredential(
            new ServiceAccountCredential.Initializer(Account, tokenEndpoint.Url("token")).FromPrivateKey(
                key.ExportPkcs8PrivateKeyPem()
            )
        );

        var token = await CloudRunIdentityToken.GetAsync(
            Service,
            GoogleCredential.FromServiceAccountCredential(account),
            default
        );

        token.Should().Be(minted);
        var form = Form(tokenEndpoint.Seen.Should().ContainSingle().Subject.Body);
        form["grant_type"].Should().Be("urn:ietf:params:oauth:grant-type:jwt-bearer");
        var parts = form["assertion"].Split('.');
        var claims = JsonNode.Parse(Base64Url(parts[1]))!;
        ((string?)claims["target_audience"])
            .Should()
            .Be(Service, "Cloud Run checks the token's audience against its own URL");
        ((string?)claims["iss"]).Should().Be(Account);
        key.VerifyData(
                Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]),
                Base64Url(parts[2]),
                HashAlgorithmName.SHA256,
                RSASignaturePadding.Pkcs1
            )
            .Should()
            .BeTrue("the assertion is signed with the account's key");
    }

    [Fact]
    public async Task Credentials_that_cannot_mint_one_name_the_variable_to_set()
    {
        var mint = () =>
            CloudRunIdentityToken.GetAsync(Service, GoogleCredential.FromAccessToken("ya29.an-access-token"), default);

        var error = (await mint.Should().ThrowAsync<MlopsException>()).Which;
        error.Message.Should().Contain(CloudRunIdentityToken.Variable).And.Contain("gcloud auth print-identity-token");
        error.Where.Should().Be(Service);
    }

    private static string UnsignedJwt(JsonObject payload) =>
        $"{ToBase64Url("""{"alg":"RS256","typ":"JWT"}"""u8.ToArray())}.{ToBase64Url(Encoding.UTF8.GetBytes(payload.ToJsonString()))}.c2ln";

    private static string ToBase64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] Base64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + (4 - padded.Length % 4) % 4, '='));
    }

    private static Dictionary<string, string> Form(byte[] body) =>
        Encoding
            .UTF8.GetString(body)
            .Split('&')
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(
                pair => Uri.UnescapeDataString(pair[0].Replace('+', ' ')),
                pair => Uri.UnescapeDataString(pair[1].Replace('+', ' '))
            );
}
