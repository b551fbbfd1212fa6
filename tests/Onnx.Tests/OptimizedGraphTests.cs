using Microsoft.ML.OnnxRuntime;

namespace Mlops.Onnx.Tests;

/// <summary>What ORT actually runs: the optimized graph it writes, and its per-node profile.</summary>
public class OptimizedGraphTests
{
    [Fact]
    public void Ort_writes_the_graph_it_runs_with_batchnorm_folded_into_the_conv()
    {
        var bytes = TestModels.Bytes(TestModels.ConvBnPool().Model);

        var unoptimized = OptimizedGraph.OpCounts(bytes, GraphOptimizationLevel.ORT_DISABLE_ALL);
        var optimized = OptimizedGraph.OpCounts(bytes);

        unoptimized.Should().ContainKey("BatchNormalization").And.ContainKey("Conv");
        optimized.Should().NotContainKey("BatchNormalization", "ORT's Conv+BatchNormalization fusion ran");
        optimized.Keys.Should().Contain(k => k.Contains("Conv"));
    }

    [Fact]
    public void A_profiled_session_reports_every_node_run_with_its_op_type_and_time()
    {
        var bytes = TestModels.Bytes(TestModels.ConvBnPool().Model);
        var kept = OptimizedGraph.Read(bytes).Graph.Node.Select(n => n.OpType).ToHashSet();
        var prefix = Path.Combine(Path.GetTempPath(), $"mlops-profile-test-{Guid.NewGuid():N}");
        // The prefix first: ORT picks the file name when profiling is switched on (else it writes into the working folder).
        using var options = new SessionOptions { ProfileOutputPathPrefix = prefix, EnableProfiling = true };
        using var session = OnnxSessions.Open(bytes, options);
        var x = TestModels.Deterministic(2 * 2 * 5 * 5, seed: 3);
        for (var i = 0; i < 4; i++)
            session.RunFloats(x, [2, 2, 5, 5], "m");

        var file = session.EndProfiling();
        try
        {
            File.Exists(file).Should().BeTrue();
            Path.GetFileName(file).Should().StartWith(Path.GetFileName(prefix));
            var profile = OrtProfile.Read(file);
            profile.Runs.Should().Be(4);
            profile.Nodes.Should().HaveCount(4 * kept.Count, "one kernel event per node per run");
            profile.ByOpType().Select(p => p.OpType).Should().BeEquivalentTo(kept);
            profile.Nodes.Should().OnlyContain(n => n.Microseconds >= 0);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_file_that_is_not_a_profile_is_refused_with_its_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mlops-not-a-profile-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{"not": "a trace"}""");
        try
        {
            var act = () => OrtProfile.Read(path);

            act.Should()
                .Throw<Mlops.Core.Errors.MlopsException>()
                .WithMessage("not an ONNX Runtime profile*")
                .Where(e => e.Where == path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
