using System.Reflection;

namespace Mlops.Cli.Tests.Architecture;

/// <summary>
/// The assemblies' arrows, read from the compiled references (issue 21): the serving side never reaches libtorch, the
/// stages never reach the CLI, and a stage does not reach a later one. A new reference that breaks the layout fails
/// here rather than in a serving image that suddenly carries 600 MB of libtorch.
/// </summary>
public sealed class AssemblyDependencyTests
{
    private static readonly string[] Libtorch = ["TorchSharp", "Mlops.Torch", "Mlops.Train", "Mlops.Export"];

    [Theory]
    [InlineData("mlops-serve", new[] { "TorchSharp", "Mlops.Torch", "Mlops.Train", "Mlops.Export", "mlops" })]
    [InlineData("Mlops.Onnx", new[] { "TorchSharp", "Mlops.Torch", "Mlops.Train", "Mlops.Export", "mlops" })]
    [InlineData("Mlops.Registry", new[] { "TorchSharp", "Mlops.Torch", "mlops-serve", "Mlops.Deploy", "mlops" })]
    [InlineData("Mlops.Deploy", new[] { "TorchSharp", "Mlops.Train", "Mlops.Export", "mlops-serve", "mlops" })]
    [InlineData("Mlops.Data", new[] { "TorchSharp", "Mlops.Torch", "Mlops.Train", "mlops" })]
    [InlineData("Mlops.Core", new[] { "TorchSharp", "Mlops.Torch", "Mlops.Data", "mlops" })]
    // Train reaches Registry for its blob stores only: a run store keeps runs in the same buckets (issue 22).
    [InlineData("Mlops.Train", new[] { "Mlops.Export", "mlops-serve", "Mlops.Deploy", "mlops" })]
    [InlineData("Mlops.Export", new[] { "mlops-serve", "Mlops.Deploy", "mlops" })]
    // The console reads what the CLI reads (runs through Train); it starts no training and serves no model.
    [InlineData("Mlops.Ui", new[] { "Mlops.Export", "mlops-serve", "mlops" })]
    public void An_assembly_reaches_none_of_the_assemblies_it_must_not(string assembly, string[] forbidden)
    {
        var reached = Reached(assembly);

        reached.Should().NotContain(forbidden, $"{assembly} reaches {string.Join(", ", reached.Order())}");
    }

    [Fact]
    public void The_training_side_does_reach_libtorch_so_the_rule_above_can_fail()
    {
        Reached("Mlops.Train").Should().Contain(Libtorch[..2]);
    }

    /// <summary>Every Mlops assembly and TorchSharp reached through references, transitively.</summary>
    private static HashSet<string> Reached(string root)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<AssemblyName>([new AssemblyName(root)]);
        while (pending.TryPop(out var name))
        {
            foreach (var reference in Assembly.Load(name).GetReferencedAssemblies())
            {
                var n = reference.Name!;
                if (
                    (n.StartsWith("Mlops.", StringComparison.Ordinal) || n is "mlops" or "mlops-serve" or "TorchSharp")
                    && seen.Add(n)
                )
                    pending.Push(reference);
            }
        }
        return seen;
    }
}
