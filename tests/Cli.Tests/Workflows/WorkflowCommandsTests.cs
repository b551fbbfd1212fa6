using System.Text;
using System.Text.RegularExpressions;
using Mlops.Cli;
using Mlops.Cli.Pipeline;
using Mlops.Core.Config;

namespace Mlops.Cli.Tests.Workflows;

/// <summary>
/// Every `./mlops ...` line of .github/workflows parses against the CLI as it is now (commands, options, arguments), and the
/// pipeline overrides the workflows pass bind to configs/pipeline.yaml: a renamed option or config key fails here, not in CI.
/// </summary>
public sealed partial class WorkflowCommandsTests
{
    private const string ImageByDigest =
        "europe-docker.pkg.dev/p/r/fashion@sha256:0000000000000000000000000000000000000000000000000000000000000000";

    private static readonly Dictionary<string, string> Variables = new(StringComparer.Ordinal)
    {
        ["MLOPS_REGISTRY"] = "gs://bucket/models",
        ["IMAGE"] = "europe-docker.pkg.dev/p/r/fashion",
        ["GCP_PROJECT"] = "p",
        ["GCP_REGION"] = "europe-west1",
        ["SERVICE"] = "fashion",
        ["MLOPS_RUNS"] = "gs://bucket/runs",
        ["TRAIN_IMAGE"] = ImageByDigest,
    };

    private static string Repository
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Mlops.sln")))
                    return dir.FullName;
            throw new InvalidOperationException("repository root not found");
        }
    }

    /// <summary>The workflows that run mlops (ci.yml runs ./test.sh only).</summary>
    public static TheoryData<string> Workflows() =>
        new(
            Directory
                .GetFiles(Path.Combine(Repository, ".github", "workflows"), "*.yml")
                .Where(f => File.ReadAllText(f).Contains("./mlops ", StringComparison.Ordinal))
                .Select(f => Path.GetFileName(f))
        );

    [Theory]
    [MemberData(nameof(Workflows))]
    public void Every_mlops_command_of_the_workflow_parses_and_its_pipeline_overrides_bind(string workflow)
    {
        var text = File.ReadAllText(Path.Combine(Repository, ".github", "workflows", workflow)).Replace("\\\n", " ");
        // Shell arrays (common=(...), train_job=(...)) are spliced where "${name[@]}" uses them.
        var arrays = ShellArray()
            .Matches(text)
            .GroupBy(m => m.Groups[1].Value)
            .ToDictionary(g => g.Key, g => Expand(g.MaxBy(m => m.Length)!.Groups[2].Value.Replace('\n', ' ')));
        var commands = text.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Contains("./mlops ", StringComparison.Ordinal))
            .ToList();
        foreach (var line in commands)
        {
            var command = line[(line.IndexOf("./mlops ", StringComparison.Ordinal) + "./mlops ".Length)..];
            foreach (var (name, words) in arrays)
                command = command.Replace($"\"${{{name}[@]}}\"", words, StringComparison.Ordinal);
            // Expressions first: `${{ inputs.force && '--force' || '' }}` holds a `||` that is not the shell's.
            command = Regex.Split(Expand(command), @"\s(?:>|;;|\|)\s?")[0].Trim();
            var arguments = Tokens(command);
            var parse = CliApp.BuildRoot().Parse(arguments);
            parse.Errors.Should().BeEmpty($"`mlops {string.Join(' ', arguments)}` in {workflow} must parse");
            if (arguments[0] == "pipeline")
            {
                var overrides = arguments
                    .Where(a => a.Contains('=', StringComparison.Ordinal) && !a.StartsWith('-'))
                    .ToList();
                FluentActions
                    .Invoking(() =>
                        ConfigLoader.Load<PipelineConfig>(
                            Path.Combine(Repository, "configs", "pipeline.yaml"),
                            overrides
                        )
                    )
                    .Should()
                    .NotThrow($"the overrides of {workflow} bind to configs/pipeline.yaml");
            }
        }
    }

    /// <summary>GitHub expressions and shell variables replaced by sample values of the right shape.</summary>
    private static string Expand(string command)
    {
        command = Regex.Replace(command, @"\$\{\{[^}]*\|\|[^}]*\}\}", "");
        command = Regex.Replace(command, @"\$\{\{\s*inputs\.(version|percent)\s*\}\}", "7");
        command = Regex.Replace(command, @"\$\{\{[^}]*\}\}", "x1");
        command = Regex.Replace(command, @"\$\(jq [^)]*\)", ImageByDigest);
        return Regex.Replace(command, @"\$([A-Z_]+)", m =>
            Variables.TryGetValue(m.Groups[1].Value, out var value) ? value : "x1"
        );
    }

    /// <summary>Shell words: quotes removed, quoted parts joined to what touches them.</summary>
    private static string[] Tokens(string command)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        char? quote = null;
        foreach (var c in command)
        {
            if (quote is not null)
            {
                if (c == quote)
                    quote = null;
                else
                    current.Append(c);
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                    tokens.Add(current.ToString());
                current.Clear();
                inWord = false;
            }
            else
            {
                current.Append(c);
                inWord = true;
            }
        }
        if (inWord)
            tokens.Add(current.ToString());
        return [.. tokens];
    }

    /// <summary>name=( words ), over several lines; parentheses inside quotes are words.</summary>
    [GeneratedRegex(@"(\w+)=\(((?:[^()""]|""[^""]*"")*)\)")]
    private static partial Regex ShellArray();
}
