using System.CommandLine;
using System.Text.RegularExpressions;

namespace Mlops.Cli.Tests.Readmes;

/// <summary>
/// Every `mlops …` command the READMEs quote names commands and options the CLI has now: a user copies these lines on day
/// one, and a renamed option or command used to stay in the READMEs for sessions. Placeholders (…, &lt;name&gt;, a|b) are
/// allowed, so only command words and --options are checked, not whole parses.
/// </summary>
public sealed partial class ReadmeCommandsTests
{
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

    /// <summary>README.md and every README*.md under the folders users read (never build output or node_modules).</summary>
    public static TheoryData<string> Readmes()
    {
        var files = new List<string> { "README.md" };
        foreach (var folder in new[] { "src", "bench", "configs" })
            files.AddRange(
                Directory
                    .EnumerateFiles(Path.Combine(Repository, folder), "README*.md", SearchOption.AllDirectories)
                    .Select(f => Path.GetRelativePath(Repository, f))
                    .Where(f => !f.Contains("node_modules", StringComparison.Ordinal))
            );
        return new TheoryData<string>(files.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Readmes))]
    public void Every_quoted_mlops_command_names_commands_and_options_that_exist(string readme)
    {
        var root = CliApp.BuildRoot();
        var problems = new List<string>();
        foreach (var quoted in QuotedCommands(File.ReadAllText(Path.Combine(Repository, readme))))
            problems.AddRange(Check(root, quoted));
        problems.Should().BeEmpty($"{readme} quotes these mlops commands");
    }

    [Fact]
    public void A_renamed_option_or_command_is_caught()
    {
        var root = CliApp.BuildRoot();
        Check(root, "mlops runs list --where 'accuracy>0.9'").Should().BeEmpty();
        Check(root, "mlops release canary|promote|rollback|status [--model fashion --alias production]")
            .Should()
            .BeEmpty();
        Check(
                root,
                "mlops deploy build --model fashion@staging --out image.oci.tar \\| --push 127.0.0.1:5000/mlops/fashion"
            )
            .Should()
            .BeEmpty();
        QuotedCommands(File.ReadAllText(Path.Combine(Repository, "README.md")))
            .Should()
            .HaveCountGreaterThan(10, "the top README quotes the pipeline's commands");
        Check(root, "mlops runs list --filter x").Should().ContainSingle().Which.Should().Contain("--filter");
        Check(root, "mlops registry promot fashion:3 --to production")
            .Should()
            .ContainSingle()
            .Which.Should()
            .Contain("promot");
    }

    /// <summary>Inline code spans and code-block lines that start with `mlops ` or `./mlops `.</summary>
    private static IEnumerable<string> QuotedCommands(string markdown)
    {
        foreach (Match span in InlineCode().Matches(markdown))
            if (StartsAsCommand(span.Groups[1].Value))
                yield return span.Groups[1].Value;
        foreach (Match block in CodeBlock().Matches(markdown))
        foreach (var line in block.Groups[1].Value.Split('\n').Select(l => l.Trim()))
            if (StartsAsCommand(line))
                yield return line;
    }

    private static bool StartsAsCommand(string text) =>
        text.StartsWith("mlops ", StringComparison.Ordinal) || text.StartsWith("./mlops ", StringComparison.Ordinal);

    /// <summary>The command words (a|b = either) must be subcommands, and every --option must belong to the command or a parent.</summary>
    private static IEnumerable<string> Check(RootCommand root, string quoted)
    {
        var text = quoted.Replace("\\|", "|", StringComparison.Ordinal).Split('#')[0]; // a table cell escapes | as \|
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        var commands = new List<Command> { root };
        foreach (var word in words)
        {
            if (!Regex.IsMatch(word, "^[a-z][a-z-]*(\\|[a-z][a-z-]*)*$"))
                break;
            var children = commands.SelectMany(c => c.Subcommands).ToList();
            if (children.Count == 0)
                break;
            var named = word.Split('|')
                .Select(name => (name, command: children.FirstOrDefault(c => c.Name == name)))
                .ToList();
            foreach (var (name, _) in named.Where(n => n.command is null))
                yield return $"`{quoted}`: no command '{name}' under '{string.Join("|", commands.Select(c => c.Name))}'";
            if (named.Any(n => n.command is null))
                yield break;
            commands = named.Select(n => n.command!).ToList();
        }
        var known = commands
            .SelectMany(Lineage)
            .SelectMany(c => c.Options)
            .SelectMany(o => o.Aliases.Append(o.Name))
            .ToHashSet(StringComparer.Ordinal);
        foreach (Match option in OptionToken().Matches(text))
            if (!known.Contains(option.Value))
                yield return $"`{quoted}`: '{string.Join("|", commands.Select(c => c.Name))}' has no option {option.Value}";
    }

    private static IEnumerable<Command> Lineage(Command command)
    {
        for (Symbol? symbol = command; symbol is Command c; symbol = c.Parents.FirstOrDefault())
            yield return c;
    }

    [GeneratedRegex("(?<!`)`([^`\n]+)`(?!`)")]
    private static partial Regex InlineCode();

    [GeneratedRegex("```[a-z]*\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();

    [GeneratedRegex("(?<![\\w-])--[a-z][a-z0-9-]*")]
    private static partial Regex OptionToken();
}
