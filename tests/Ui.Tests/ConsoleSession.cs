using System.Net;
using System.Text.RegularExpressions;

namespace Mlops.Ui.Tests;

/// <summary>
/// One browser's worth of HTTP against the console: its own cookie jar (kept by hand, because the session cookie is
/// Secure and HttpClient would never send it over the loopback's plain http), no automatic redirects, so every
/// Location and Set-Cookie can be looked at.
/// </summary>
public sealed partial class ConsoleSession(Uri baseAddress) : IDisposable
{
    private readonly HttpClient _client = new(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false })
    {
        BaseAddress = baseAddress,
    };

    public Dictionary<string, string> Cookies { get; } = [];

    /// <summary>Every Set-Cookie header received, as sent.</summary>
    public List<string> SetCookies { get; } = [];

    public async Task<Reply> GetAsync(string path) => await SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

    public async Task<Reply> PostAsync(string path, IEnumerable<KeyValuePair<string, string>> fields) =>
        await SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) });

    /// <summary>Posts a form with the CSRF token of the page it sits on, as a browser would.</summary>
    public async Task<Reply> SubmitAsync(string pagePath, string action, params (string, string)[] fields)
    {
        var page = await GetAsync(pagePath);
        var form = fields.Select(field => KeyValuePair.Create(field.Item1, field.Item2)).ToList();
        form.Add(KeyValuePair.Create("csrf", Csrf(page.Html)));
        return await PostAsync(action, form);
    }

    public async Task<Reply> SendAsync(HttpRequestMessage request)
    {
        if (Cookies.Count > 0)
            request.Headers.Add("Cookie", string.Join("; ", Cookies.Select(cookie => $"{cookie.Key}={cookie.Value}")));
        using var response = await _client.SendAsync(request);
        foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
        {
            SetCookies.Add(header);
            var pair = header.Split(';')[0].Split('=', 2);
            if (pair[1].Length == 0 || header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
                Cookies.Remove(pair[0]);
            else
                Cookies[pair[0]] = pair[1];
        }
        return new Reply(
            response.StatusCode,
            await response.Content.ReadAsStringAsync(),
            response.Headers.Location?.ToString()
        );
    }

    /// <summary>Signs in with the printed token's link and follows nothing.</summary>
    public async Task<Reply> SignInWithTokenAsync(string token) => await GetAsync($"/signin/token?token={token}");

    /// <summary>
    /// The OpenID Connect round trip a browser makes: the console sends it to the provider with the account as
    /// login_hint, the provider answers with a code for the console's callback, the callback sets the session. The
    /// provider is another site, so it gets none of this console's cookies.
    /// </summary>
    /// <returns>The callback's reply (where it sends the browser next).</returns>
    public async Task<Reply> SignInWithOidcAsync(string email, string returnPath = "/runs")
    {
        var toProvider = await GetAsync(
            $"/signin/oidc?email={Uri.EscapeDataString(email)}&return={Uri.EscapeDataString(returnPath)}"
        );
        if (toProvider.Location is null)
            throw new InvalidOperationException($"/signin/oidc answered {toProvider.Status}: {toProvider.Html}");
        using var provider = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        using var authorized = await provider.GetAsync(toProvider.Location);
        var callback = authorized.Headers.Location
            ?? throw new InvalidOperationException("the provider did not redirect");
        return await GetAsync(callback.PathAndQuery);
    }

    public static string Csrf(string html) =>
        CsrfField().Match(html) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException("the page has no CSRF field");

    public void Dispose() => _client.Dispose();

    [GeneratedRegex("name=\"csrf\" value=\"([^\"]+)\"")]
    private static partial Regex CsrfField();
}

public sealed record Reply(HttpStatusCode Status, string Html, string? Location);
