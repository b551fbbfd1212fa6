using Mlops.Core.Errors;
using Mlops.Deploy.CloudRun;
using Mlops.Deploy.Jobs;
using Mlops.Deploy.Push;
using Mlops.Deploy.Tests.Fixtures;

namespace Mlops.Deploy.Tests.Jobs;

/// <summary>The Cloud Run Jobs engine against <see cref="FakeCloudRunJobs"/> (the documented API, not Cloud
/// Run).</summary>
public sealed class CloudRunJobEngineTests : IDisposable
{
    private const string Image =
        "europe-docker.pkg.dev/p/mlops/train@sha256:3333333333333333333333333333333333333333333333333333333333333333";
    private readonly FakeCloudRunJobs _api = new();

    public void Dispose() => _api.Dispose();

    private CloudRunJobEngine Engine(string region = "europe-west1", string token = FakeCloudRunJobs.Token) =>
        new(
            new CloudRunClient(
                _ => Task.FromResult(token),
                _api.Endpoint,
                retry: new RetryPolicy(2, TimeSpan.FromMilliseconds(5))
            )
            {
                PollInterval = TimeSpan.FromMilliseconds(5),
            },
            "p",
            region
        );

    private static JobSpec Spec(string image = Image, string? account = "trainer@p.iam.gserviceaccount.com") =>
        new()
        {
            Name = "fashion-lr-20261207-200000",
            Image = image,
            Arguments = ["sweep", "task", "fashion-lr-20261207-200000", "--runs", "gs://b/runs"],
            TaskCount = 4,
            Parallelism = 2,
            MaxRetries = 2,
            TaskTimeout = TimeSpan.FromMinutes(90),
            Environment = new Dictionary<string, string> { ["MLOPS_LOG"] = "info" },
            Cpu = "4",
            Memory = "16Gi",
            Gpu = "nvidia-l4",
            ServiceAccount = account,
            Labels = new Dictionary<string, string> { ["mlops-sweep"] = "fashion-lr" },
        };

    private async Task<JobExecutionStatus> FollowAsync(CloudRunJobEngine engine, JobExecution execution)
    {
        for (var poll = 0; poll < 20; poll++)
        {
            var status = await engine.GetAsync(execution, CancellationToken.None);
            if (status.Done)
                return status;
        }
        throw new TimeoutException("the execution never completed");
    }

    [Fact]
    public async Task A_job_is_created_with_the_documented_shape_run_and_followed_to_its_end()
    {
        using var engine = Engine();

        var execution = await engine.StartAsync(Spec(), CancellationToken.None);
        var status = await FollowAsync(engine, execution);

        _api.Requests.Select(r => $"{r.Method} {r.Path.Split('?')[0]}")
            .Take(3)
            .Should()
            .Equal(
                "GET /v2/projects/p/locations/europe-west1/jobs/fashion-lr-20261207-200000",
                "POST /v2/projects/p/locations/europe-west1/jobs",
                "POST /v2/projects/p/locations/europe-west1/jobs/fashion-lr-20261207-200000:run"
            );
        var job = _api.Job("projects/p/locations/europe-west1/jobs/fashion-lr-20261207-200000")!;
        var template = job["template"]!;
        template["taskCount"]!.GetValue<int>().Should().Be(4);
        template["parallelism"]!.GetValue<int>().Should().Be(2);
        var task = template["template"]!;
        task["maxRetries"]!.GetValue<int>().Should().Be(2);
        task["timeout"]!.GetValue<string>().Should().Be("5400s");
        task["serviceAccount"]!.GetValue<string>().Should().Be("trainer@p.iam.gserviceaccount.com");
        task["nodeSelector"]!["accelerator"]!.GetValue<string>().Should().Be("nvidia-l4");
        var container = task["containers"]![0]!;
        container["image"]!.GetValue<string>().Should().Be(Image);
        container["args"]!.AsArray().Select(a => a!.GetValue<string>()).Should().Equal(Spec().Arguments);
        container["resources"]!["limits"]!["nvidia.com/gpu"]!.GetValue<string>().Should().Be("1");
        job["labels"]!["mlops-sweep"]!.GetValue<string>().Should().Be("fashion-lr");
        execution
            .Name.Should()
            .StartWith("projects/p/locations/europe-west1/jobs/fashion-lr-20261207-200000/executions/");
        status.Should().Be(new JobExecutionStatus(4, 0, 4, 0, 0, 0, Done: true));
    }

    [Fact]
    public async Task A_second_start_patches_the_job_with_its_etag_and_a_failed_task_is_reported()
    {
        using var engine = Engine();
        await engine.StartAsync(Spec(), CancellationToken.None);
        _api.FailingTasks.Add(1);

        var execution = await engine.StartAsync(Spec() with { TaskCount = 3 }, CancellationToken.None);
        var status = await FollowAsync(engine, execution);

        var patch = _api.Requests.Single(r => r.Method == "PATCH");
        patch.Body!["etag"].Should().NotBeNull("the update is guarded by the etag read just before");
        status.Succeeded.Should().Be(2);
        status.Failed.Should().Be(1);
        status.Error.Should().Contain("1 tasks failed");
    }

    [Fact]
    public async Task Cancel_stops_the_tasks_not_yet_finished()
    {
        using var engine = Engine();
        var execution = await engine.StartAsync(Spec() with { Parallelism = 1 }, CancellationToken.None);
        await engine.GetAsync(execution, CancellationToken.None);

        await engine.CancelAsync(execution, CancellationToken.None);

        var status = await engine.GetAsync(execution, CancellationToken.None);
        status.Done.Should().BeTrue();
        status.Cancelled.Should().BeGreaterThan(0);
        _api.Requests.Should().Contain(r => r.Method == "POST" && r.Path.EndsWith(":cancel"));
    }

    [Theory]
    [InlineData("europe_west1", "fashion:latest", "trainer@p.iam.gserviceaccount.com", "--region")]
    [InlineData("europe-west1", "europe-docker.pkg.dev/p/mlops/train:latest", null, "--image")]
    [InlineData("europe-west1", Image, "trainer@gmail.com", "--service-account")]
    public async Task A_wrong_region_image_or_service_account_is_refused_before_any_request(
        string region,
        string image,
        string? account,
        string where
    )
    {
        using var engine = Engine(region);

        var start = () => engine.StartAsync(Spec(image, account), CancellationToken.None);

        (await start.Should().ThrowAsync<MlopsException>()).Which.Where.Should().Be(where);
        _api.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task A_refused_call_says_what_Cloud_Run_answered()
    {
        using var engine = Engine(token: "wrong");

        var start = () => engine.StartAsync(Spec(), CancellationToken.None);

        (await start.Should().ThrowAsync<MlopsException>())
            .Which.Message.Should()
            .Contain("invalid authentication credentials");
    }

    [Fact]
    public async Task Each_execution_runs_its_own_sweep_whatever_another_sweep_wrote_into_the_shared_job_since()
    {
        using var engine = Engine();
        var first = Spec() with { Arguments = ["sweep", "task", "first", "--runs", "gs://b/runs"], TaskCount = 3 };
        var second = Spec() with { Arguments = ["sweep", "task", "second", "--runs", "gs://b/runs"] };

        await engine.StartAsync(first, CancellationToken.None);
        await engine.StartAsync(second, CancellationToken.None);

        _api.ExecutionArguments()
            .Should()
            .BeEquivalentTo([first.Arguments, second.Arguments], options => options.WithStrictOrdering());
        var runs = _api.Requests.Where(request => request.Path.EndsWith(":run", StringComparison.Ordinal)).ToList();
        runs[0].Body!["overrides"]!["taskCount"]!.GetValue<int>().Should().Be(3);
        runs[0].Body!["overrides"]!["timeout"]!.GetValue<string>().Should().Be("5400s");
    }

    [Fact]
    public void A_gpu_task_smaller_than_cloud_runs_minimum_is_refused_before_any_request()
    {
        using var engine = Engine();

        var refusal = () => engine.Validate(Spec() with { Cpu = "2", Memory = "8Gi" });

        refusal
            .Should()
            .Throw<MlopsException>()
            .Where(e => e.Where == "--gpu" && e.Message.Contains("4 CPUs and 16Gi"));
        _api.Requests.Should().BeEmpty();
    }
}
