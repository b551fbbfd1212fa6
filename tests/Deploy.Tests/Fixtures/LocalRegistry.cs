using System.Diagnostics;
using System.Net.Sockets;

namespace Mlops.Deploy.Tests.Fixtures;

/// <summary>
/// Debian's docker-registry (distribution 2.8) on a free loopback port with filesystem storage in a
/// temporary directory; optionally behind htpasswd Basic auth.
/// </summary>
public sealed class LocalRegistry : IDisposable
{
    private readonly TempDirectory _directory = new("mlops-registry");
    private readonly Process _process;

    public LocalRegistry(string? user = null, string? password = null)
    {
        Port = ProcessRunner.FreeLoopbackPort();
        var auth = "";
        if (user is not null)
        {
            var htpasswd = _directory.Combine("htpasswd");
            ProcessRunner.RunOrThrow("htpasswd", ["-Bbc", htpasswd, user, password ?? ""]);
            auth = $"auth:\n  htpasswd:\n    realm: test-realm\n    path: {htpasswd}\n";
        }
        var config = _directory.Combine("config.yml");
        File.WriteAllText(
            config,
            $"""
            version: 0.1
            log:
              level: error
              accesslog:
                disabled: true
            storage:
              filesystem:
                rootdirectory: {_directory.Combine("storage")}
              delete:
                enabled: true
            http:
              addr: 127.0.0.1:{Port}
            {auth}
            """
        );
        var start = new ProcessStartInfo("docker-registry")
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add(config);
        _process = Process.Start(start)!;
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        WaitUntilListening();
    }

    public int Port { get; }

    public string Host => $"127.0.0.1:{Port}";

    private void WaitUntilListening()
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"docker-registry exited with {_process.ExitCode}");
            try
            {
                using var client = new TcpClient();
                client.Connect("127.0.0.1", Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }
        throw new TimeoutException("docker-registry did not start listening");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }
        _process.Dispose();
        _directory.Dispose();
    }
}
