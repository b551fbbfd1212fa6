using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Mlops.Core.Errors;

namespace Mlops.Deploy.Push;

/// <summary>
/// Answers registry challenges: Basic with the credentials, Bearer by fetching a token from the
/// challenge's realm (service + scope, with the credentials if any) and caching it per scope.
/// </summary>
internal sealed class RegistryAuthenticator(HttpClient http, IRegistryCredentials credentials)
{
    private readonly Dictionary<string, AuthenticationHeaderValue> _byScope = new(StringComparer.Ordinal);
    private AuthenticationHeaderValue? _basic;

    public AuthenticationHeaderValue? HeaderFor(string scope) =>
        _byScope.TryGetValue(scope, out var header) ? header : _basic;

    /// <summary>Prepares an Authorization header for the challenge; false when there is nothing to try.</summary>
    public async Task<bool> AnswerAsync(AuthChallenge? challenge, string scope, CancellationToken cancel)
    {
        if (challenge is null)
            return false;
        var login = await credentials.GetAsync(cancel);
        if (challenge.IsBasic)
        {
            if (login is null || _basic is not null)
                return false;
            _basic = BasicHeader(login);
            return true;
        }
        if (!challenge.IsBearer || _byScope.ContainsKey(scope))
            return false;
        var realm = challenge["realm"]
            ?? throw new MlopsException("the registry's Bearer challenge names no realm", "WWW-Authenticate");
        var query = new List<string>();
        if (challenge["service"] is { } service)
            query.Add($"service={Uri.EscapeDataString(service)}");
        foreach (var wanted in new[] { challenge["scope"], scope }.Where(s => !string.IsNullOrEmpty(s)).Distinct())
            query.Add($"scope={Uri.EscapeDataString(wanted!)}");
        var tokenUri = realm + (realm.Contains('?') ? "&" : "?") + string.Join("&", query);

        using var request = new HttpRequestMessage(HttpMethod.Get, tokenUri);
        if (login is not null)
            request.Headers.Authorization = BasicHeader(login);
        using var response = await http.SendAsync(request, cancel);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            throw new MlopsException($"the token service refused the credentials ({(int)response.StatusCode})", realm);
        if (!response.IsSuccessStatusCode)
            throw new MlopsException($"the token service answered {(int)response.StatusCode}", realm);
        var token = ReadToken(await response.Content.ReadAsStringAsync(cancel), realm);
        _byScope[scope] = new AuthenticationHeaderValue("Bearer", token);
        return true;
    }

    private static string ReadToken(string body, string realm)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            foreach (var name in new[] { "token", "access_token" })
                if (json.RootElement.TryGetProperty(name, out var value) && value.GetString() is { Length: > 0 } token)
                    return token;
        }
        catch (JsonException) { }
        throw new MlopsException("the token service answered without a token", realm);
    }

    private static AuthenticationHeaderValue BasicHeader(UserPassword login) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{login.User}:{login.Password}")));
}
