using System.CommandLine;
using System.Reflection;

namespace Mlops.Cli.Commands.Common;

public static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print the mlops version");
        command.SetAction(_ =>
        {
            var version = typeof(VersionCommand)
                .Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()
                ?.InformationalVersion;
            Console.WriteLine($"mlops {version ?? "dev"}");
            return 0;
        });
        return command;
    }
}
