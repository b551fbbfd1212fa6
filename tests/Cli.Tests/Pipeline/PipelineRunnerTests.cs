using Mlops.Cli.Pipeline;
using Mlops.Core.Errors;

namespace Mlops.Cli.Tests.Pipeline;

/// <summary>The lock logic: skip when unchanged, rerun on changed inputs, changed upstream outputs, vanished outputs, --force.</summary>
public sealed class PipelineRunnerTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly FileStage _a;
    private readonly FileStage _b;
    private readonly FileStage _c;

    public PipelineRunnerTests()
    {
        _a = new FileStage("a", _folder.Path);
        _b = new FileStage("b", _folder.Path, "a");
        _c = new FileStage("c", _folder.Path, "b");
    }

    public void Dispose() => _folder.Dispose();

    private string LockPath => Path.Combine(_folder.Path, PipelineLock.FileName);

    private async Task<(IReadOnlyList<StageOutcome> Outcomes, string Output)> Run(RunOptions? options = null)
    {
        var output = new StringWriter();
        var context = new PipelineContext(new PipelineConfig(), _folder.Path, _folder.Path, output);
        var runner = new PipelineRunner([_a, _b, _c], PipelineLock.Load(LockPath), context);
        var outcomes = await runner.RunAsync(options ?? new RunOptions());
        return (outcomes, output.ToString());
    }

    private static StageStatus[] Statuses(IReadOnlyList<StageOutcome> outcomes) =>
        outcomes.Select(o => o.Status).ToArray();

    [Fact]
    public async Task Second_run_with_nothing_changed_skips_every_stage_and_says_so()
    {
        var first = await Run();
        Statuses(first.Outcomes).Should().Equal(StageStatus.Ran, StageStatus.Ran, StageStatus.Ran);
        File.ReadAllText(_c.OutputPath).Should().Be("v1|v1|v1");

        var second = await Run();
        Statuses(second.Outcomes).Should().Equal(StageStatus.Skipped, StageStatus.Skipped, StageStatus.Skipped);
        second.Output.Should().MatchRegex(@"a: unchanged \(inputs [0-9a-f]{8}…\), skipped");
        (_a.Runs, _b.Runs, _c.Runs).Should().Be((1, 1, 1));
    }

    [Fact]
    public async Task A_changed_input_reruns_that_stage_and_the_stages_its_new_output_reaches()
    {
        await Run();
        _a.Input = "v2";
        var (outcomes, output) = await Run();
        Statuses(outcomes).Should().Equal(StageStatus.Ran, StageStatus.Ran, StageStatus.Ran);
        output.Should().Contain("a: changed: value, running").And.Contain("b: changed: upstream.a, running");
        File.ReadAllText(_c.OutputPath).Should().Be("v1|v1|v2");
    }

    [Fact]
    public async Task A_rerun_that_produces_the_same_output_leaves_downstream_skipped()
    {
        _b.Content = _ => "constant";
        await Run();
        _a.Input = "v2";
        var (outcomes, _) = await Run();
        Statuses(outcomes).Should().Equal(StageStatus.Ran, StageStatus.Ran, StageStatus.Skipped);
        _c.Runs.Should().Be(1);
    }

    [Fact]
    public async Task A_deleted_output_reruns_its_stage()
    {
        await Run();
        File.Delete(_b.OutputPath);
        var (outcomes, output) = await Run();
        Statuses(outcomes).Should().Equal(StageStatus.Skipped, StageStatus.Ran, StageStatus.Skipped);
        output.Should().Contain("b: output b.txt is missing, running again");
        File.Exists(_b.OutputPath).Should().BeTrue();
    }

    [Fact]
    public async Task An_edited_output_reruns_its_stage()
    {
        await Run();
        File.WriteAllText(_a.OutputPath, "tampered");
        var (outcomes, output) = await Run();
        output.Should().Contain("a: output a.txt changed, running again");
        Statuses(outcomes).Should().Equal(StageStatus.Ran, StageStatus.Skipped, StageStatus.Skipped);
    }

    [Fact]
    public async Task Force_reruns_everything()
    {
        await Run();
        var (outcomes, output) = await Run(new RunOptions(Force: true));
        Statuses(outcomes).Should().Equal(StageStatus.Ran, StageStatus.Ran, StageStatus.Ran);
        output.Should().Contain("a: --force, running");
        (_a.Runs, _b.Runs, _c.Runs).Should().Be((2, 2, 2));
    }

    [Fact]
    public async Task A_failing_stage_stops_the_pipeline_naming_it_and_the_lock_keeps_the_stages_before()
    {
        _b.Fail = true;
        var run = () => Run();
        var error = (await run.Should().ThrowAsync<MlopsException>()).Which;
        error.Message.Should().Contain("stage 'b' failed").And.Contain("it broke on purpose");
        error.Where.Should().Be("pipeline stage b");
        _c.Runs.Should().Be(0);
        var saved = PipelineLock.Load(LockPath);
        saved.Stages.Keys.Should().Equal("a");

        _b.Fail = false;
        var (outcomes, _) = await Run();
        Statuses(outcomes).Should().Equal(StageStatus.Skipped, StageStatus.Ran, StageStatus.Ran);
    }

    [Fact]
    public async Task Only_runs_one_stage_with_the_others_last_results_and_until_stops_early()
    {
        var until = await Run(new RunOptions(Until: "b"));
        until.Outcomes.Select(o => o.Stage).Should().Equal("a", "b");
        _c.Runs.Should().Be(0);

        _a.Input = "v2"; // not run by --only c: c reads a's and b's recorded results
        var only = await Run(new RunOptions(Only: "c"));
        only.Outcomes.Select(o => o.Stage).Should().Equal("c");
        File.ReadAllText(_c.OutputPath).Should().Be("v1|v1|v1");
        _a.Runs.Should().Be(1);
    }

    [Fact]
    public async Task Unknown_stage_names_and_unreadable_locks_are_user_errors()
    {
        var unknown = () => Run(new RunOptions(Only: "trian"));
        (await unknown.Should().ThrowAsync<MlopsException>())
            .Which.Message.Should()
            .Contain("no stage 'trian'")
            .And.Contain("a, b, c");

        File.WriteAllText(LockPath, "{ not json");
        var broken = () => Run();
        (await broken.Should().ThrowAsync<MlopsException>()).Which.Where.Should().Be(LockPath);
    }
}
