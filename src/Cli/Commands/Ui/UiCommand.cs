using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Mlops.Cli.Commands.Common;
using Mlops.Core.Errors;
using Mlops.Deploy.CloudRun;
using Mlops.Train.Runs.Store;
using Mlops.Ui;
using Mlops.Ui.Access;
using Mlops.Ui.Releases;
using Mlops.Ui.SignIn;

namespace Mlops.Cli.Commands.Ui;

/// <summary>`mlops ui [--runs] [--registry] [--cloud-run-service] [--access] [--oidc-issuer]`: the web
/// console over the same stores and services as the CLI, on loopback unless behind a TLS proxy.</summary>
public static class UiCommand
{
    public static Command Create()
    {
        var runs = RunStoreOption.Create();
        var registry = RegistryStoreOption.Create();
        var port = new Option<int>("--port") { Description = "Port to listen on", DefaultValueFactory = _ => 5000 };
        var host = new Option<string>("--host")
        {
            Description = "Address to listen on; anything but loopback needs --behind-proxy",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        var behindProxy = new Option<bool>("--behind-proxy")
        {
            Description =
                "Reached only through a TLS proxy (Cloud Run, a load balancer) whose X-Forwarded-Proto/Host "
                + "are believed",
        };
        var access = new Option<string?>("--access")
        {
            Description = "YAML rules: who may move which alias (default: anyone signed in)",
        };
        var issuer = new Option<string?>("--oidc-issuer")
        {
            Description =
                "OpenID Connect provider for sign-in, e.g. https://accounts.google.com (client secret: "
                + $"${OidcSettings.SecretVariable})",
        };
        var clientId = new Option<string?>("--oidc-client-id") { Description = "This console's OAuth client id" };
        var groupsClaim = new Option<string>("--oidc-groups-claim")
        {
            Description = "ID-token claim listing the user's groups",
            DefaultValueFactory = _ => "groups",
        };
        var services = new Option<string[]>("--cloud-run-service")
        {
            Description = "projects/<p>/locations/<r>/services/<s> whose traffic the releases page shows; repeat",
        };
        var endpoint = new Option<string?>("--cloud-run-endpoint")
        {
            Description = $"Cloud Run Admin API (default: ${CloudRunConnection.EndpointVariable}, else Google's)",
        };
        var driftLogs = new Option<string?>("--drift-logs")
        {
            Description = "Bucket the servers ship drift logs to (mlops serve --drift-upload): file://… or gs://…",
        };
        var command = new Command(
            "ui",
            "Web console: runs, sweeps, compare, the registry, releases and drift; promote, roll back and run canaries "
                + "when signed in"
        )
        {
            runs,
            registry,
            port,
            host,
            behindProxy,
            access,
            issuer,
            clientId,
            groupsClaim,
            services,
            endpoint,
            driftLogs,
        };
        command.SetAction(
            async (parse, cancellationToken) =>
            {
                try
                {
                    var url = ListenUrl(
                        parse.GetValue(host)!,
                        parse.InRange(port, 1, 65_535),
                        parse.GetValue(behindProxy)
                    );
                    var options = new UiOptions(
                        RunStore.Resolve(parse.GetValue(runs)),
                        url,
                        RegistryStoreOption.Resolve(parse, registry)
                    )
                    {
                        Access = parse.GetValue(access) is { } rules
                            ? AccessPolicy.Load(rules)
                            : AccessPolicy.AnyoneSignedIn,
                        Oidc = Oidc(parse, issuer, clientId, groupsClaim),
                        DriftLogs = parse.GetValue(driftLogs),
                        BehindProxy = parse.GetValue(behindProxy),
                        Releases = parse.GetValue(services) is { Length: > 0 } names
                            ? new ReleaseTargets(
                                names.Select(name => CloudRunService.Parse(name, "--cloud-run-service")).ToList(),
                                CloudRunConnection.FromEnvironment(parse.GetValue(endpoint), "--cloud-run-endpoint")
                            )
                            : null,
                    };
                    options = options with { TokenSignIn = options.Oidc is null };
                    await using var app = UiServer.Build(options);
                    await app.StartAsync(cancellationToken);
                    Console.WriteLine($"console for {options.Runs} at {url}/runs");
                    Console.WriteLine(
                        options.TokenSignIn
                            ? $"sign in (once, then the link is spent): {url}/signin/token?token={options.Token.Value}"
                            : $"sign in at {url}/signin through {options.Oidc!.Issuer}"
                    );
                    await app.WaitForShutdownAsync(cancellationToken);
                    return 0;
                }
                catch (Exception error)
                {
                    return ErrorReporter.Report(error);
                }
            }
        );
        return command;
    }

    /// <summary>Loopback unless the console sits behind TLS: sessions, tokens and forms must not cross a network in
    /// clear text.</summary>
    private static string ListenUrl(string host, int port, bool behindProxy)
    {
        if (!System.Net.IPAddress.TryParse(host, out var address))
            throw new MlopsException($"'{host}' is not an IP address to listen on (e.g. 127.0.0.1, 0.0.0.0)", "--host");
        if (!System.Net.IPAddress.IsLoopback(address) && !behindProxy)
            throw new MlopsException(
                $"listening on {host} would send sign-in tokens and sessions over the network in clear text: put the "
                    + "console behind a TLS proxy (Cloud Run does this) and pass --behind-proxy",
                "--host"
            );
        return address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? $"http://[{address}]:{port}"
            : $"http://{address}:{port}";
    }

    private static OidcSettings? Oidc(
        ParseResult parse,
        Option<string?> issuer,
        Option<string?> clientId,
        Option<string> groupsClaim
    )
    {
        var provider = parse.GetValue(issuer);
        var client = parse.GetValue(clientId);
        if (provider is null && client is null)
            return null;
        if (provider is null || client is null)
            throw new MlopsException(
                "OpenID Connect sign-in needs both --oidc-issuer and --oidc-client-id",
                provider is null ? "--oidc-issuer" : "--oidc-client-id"
            );
        if (!Uri.TryCreate(provider, UriKind.Absolute, out var uri) || (uri.Scheme != "https" && !uri.IsLoopback))
            throw new MlopsException(
                $"'{provider}' is not an https URL (plain http only for a provider on this machine)",
                "--oidc-issuer"
            );
        var secret = Environment.GetEnvironmentVariable(OidcSettings.SecretVariable);
        return new OidcSettings(
            provider,
            client,
            secret is { Length: > 0 } ? secret : null,
            parse.GetValue(groupsClaim)!
        );
    }
}
