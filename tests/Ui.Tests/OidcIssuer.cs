using System.Diagnostics;
using System.Text.Json;

namespace Mlops.Ui.Tests;

/// <summary>
/// A real OpenID Connect issuer on loopback (oauth2-mock-server, installed by scripts/steps/test-oidc-issuer.sh),
/// started by oidc-issuer.mjs with the accounts below: the account that signs in is the one the console passes as
/// login_hint.
/// </summary>
public sealed class OidcIssuer : IDisposable
{
    public const string ReleaseManager = "rita@example.com";
    public const string Engineer = "eddie@example.com";

    private readonly Process _process;
    private readonly string _users = Path.Combine(Path.GetTempPath(), $"mlops-oidc-users-{Guid.NewGuid():N}.json");

    public OidcIssuer()
    {
        var package = Path.Combine(RepoRoot(), ".deps", "oauth2-mock-server");
        if (!File.Exists(Path.Combine(package, "node_modules", "oauth2-mock-server", "package.json")))
            throw new InvalidOperationException(
                $"the OIDC issuer is not installed in {package}: run scripts/steps/test-oidc-issuer.sh (./test.sh does)"
            );
        File.WriteAllText(
            _users,
            JsonSerializer.Serialize(
                new Dictionary<string, object>
                {
                    [ReleaseManager] = new { groups = new[] { "release-managers", "ml" }, hd = "example.com" },
                    [Engineer] = new { groups = new[] { "ml" }, hd = "example.com" },
                }
            )
        );
        var info = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "oidc-issuer.mjs"));
        info.ArgumentList.Add(package);
        info.ArgumentList.Add(_users);
        _process = Process.Start(info) ?? throw new InvalidOperationException("could not start node");
        var ready = _process.StandardOutput.ReadLineAsync();
        if (!ready.Wait(TimeSpan.FromSeconds(30)) || ready.Result is not { } line || !line.StartsWith("READY "))
        {
            Dispose();
            throw new InvalidOperationException($"the OIDC issuer did not start: {_process.StandardError.ReadToEnd()}");
        }
        Url = line["READY ".Length..].Trim();
    }

    /// <summary>The issuer URL, as its discovery document names it.</summary>
    public string Url { get; }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
        File.Delete(_users);
    }

    /// <summary>The checkout these tests run from (the folder holding Directory.Build.props).</summary>
    internal static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Directory.Build.props")))
                return dir.FullName;
        throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }
}
