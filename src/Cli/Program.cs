using System.CommandLine;
using Mlops.Cli;

return CliApp.Run(args);
