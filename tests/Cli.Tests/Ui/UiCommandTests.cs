using System.Diagnostics;
using System.Net;
using Mlops.Deploy.Tests.Fixtures;

namespace Mlops.Cli.Tests.Ui;

/// <summary>`mlops ui` as users start it: the sign-in link it prints works once; a mistake in its access rules or
/// sign-in options stops it before it listens, naming the key and line or the option.</summary>
public sealed class UiCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"mlops-ui-cli-{Guid.NewGuid():N}");

    public UiCommandTests() => Directory.CreateDirectory(Path.Combine(_folder, "runs"));

    [Fact]
    public async Task The_printed_sign_in_link_signs_one_browser_in_and_is_then_spent()
    {
        var port = ProcessRunner.FreeLoopbackPort();
        using var console = Start(["ui", "--runs", Path.Combine(_folder, "runs"), "--port", $"{port}"]);
        string? link = null;
        while (link is null && await console.StandardOutput.ReadLineAsync() is { } line)
            if (line.StartsWith("sign in", StringComparison.Ordinal))
                link = line[line.IndexOf("http", StringComparison.Ordinal)..];
        using var browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });

        using var first = await browser.GetAsync(link);
        using var second = await browser.GetAsync(link);

        link.Should().StartWith($"http://127.0.0.1:{port}/signin/token?token=");
        first.StatusCode.Should().Be(HttpStatusCode.Redirect);
        first.Headers.Location!.ToString().Should().Be("/runs");
        first.Headers.GetValues("Set-Cookie").Should().Contain(cookie => cookie.StartsWith("mlops-session="));
        second.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        console.Kill(entireProcessTree: true);
    }

    [Fact]
    public async Task With_a_provider_no_token_is_printed()
    {
        var port = ProcessRunner.FreeLoopbackPort();
        using var console = Start(
            ["ui", "--runs", Path.Combine(_folder, "runs"), "--port", $"{port}"],
            ["--oidc-issuer", "http://127.0.0.1:9/", "--oidc-client-id", "console"]
        );
        string? line;
        do line = await console.StandardOutput.ReadLineAsync();
        while (line is not null && !line.StartsWith("sign in", StringComparison.Ordinal));

        line.Should().Be($"sign in at http://127.0.0.1:{port}/signin through http://127.0.0.1:9/");
        console.Kill(entireProcessTree: true);
    }

    [Fact]
    public void A_mistake_in_the_access_rules_stops_the_console_naming_the_key_and_line()
    {
        var rules = Path.Combine(_folder, "access.yaml");
        File.WriteAllText(rules, "aliases:\n  staging: [anyone]\n  production: [team:release]\n");

        var result = Mlops("ui", "--runs", Path.Combine(_folder, "runs"), "--access", rules, "--port", "1");

        result.ExitCode.Should().NotBe(0);
        result
            .Error.Should()
            .Contain($"{rules}:3 (aliases.production)")
            .And.Contain("'team:release' is not anyone, user:<name>, group:<name> or domain:<domain>")
            .And.NotContain("   at ");
    }

    [Theory]
    [InlineData("--oidc-issuer http://accounts.example.com --oidc-client-id c", "--oidc-issuer: 'http://accounts")]
    [InlineData("--oidc-client-id console", "--oidc-issuer: OpenID Connect sign-in needs both")]
    [InlineData("--host 0.0.0.0", "--host: listening on 0.0.0.0 would send sign-in tokens and sessions over the")]
    [InlineData("--host console.local --behind-proxy", "--host: 'console.local' is not an IP address")]
    public void Half_or_plain_http_sign_in_settings_are_refused_by_option(string options, string reason)
    {
        var result = Mlops(["ui", "--runs", Path.Combine(_folder, "runs"), .. options.Split(' ')]);

        result.ExitCode.Should().NotBe(0);
        result.Error.Should().Contain(reason).And.NotContain("   at ");
    }

    private static Process Start(params string[][] groups)
    {
        var args = groups.SelectMany(group => group).ToArray();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mlops.dll"));
        foreach (var argument in args)
            start.ArgumentList.Add(argument);
        return Process.Start(start)!;
    }

    private static ProcessRunner.Result Mlops(params string[] args) =>
        ProcessRunner.Run(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "mlops.dll"), .. args],
            timeout: TimeSpan.FromSeconds(60)
        );

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
