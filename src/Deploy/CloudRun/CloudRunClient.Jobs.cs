using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mlops.Core.Errors;
using Mlops.Deploy.Jobs;

namespace Mlops.Deploy.CloudRun;

/// <summary>Cloud Run Jobs: jobs get/create/patch/run and executions get/cancel (Admin API v2).</summary>
public sealed partial class CloudRunClient
{
    /// <summary>Creates the job, or replaces its template when it exists (guarded by its etag).</summary>
    public async Task UpsertJobAsync(CloudRunJob job, JsonObject body, CancellationToken cancel)
    {
        string? etag;
        using (var current = await SendAsync(HttpMethod.Get, job.Name, null, cancel))
        {
            if (current.StatusCode == HttpStatusCode.NotFound)
            {
                using var created = await SendAsync(
                    HttpMethod.Post,
                    $"{job.Parent}/jobs?jobId={Uri.EscapeDataString(job.Job)}",
                    body,
                    cancel
                );
                if (!created.IsSuccessStatusCode)
                    throw await CloudRunError.FromAsync(created, $"creating job {job.Job}", cancel);
                await WaitForAsync(created, $"creating job {job.Job}", cancel);
                return;
            }
            if (!current.IsSuccessStatusCode)
                throw await CloudRunError.FromAsync(current, $"reading job {job.Job}", cancel);
            using var json = await ReadJsonAsync(current, cancel);
            etag = CloudRunJson.Text(json.RootElement, "etag");
        }
        var update = (JsonObject)body.DeepClone();
        if (etag is not null)
            update["etag"] = etag;
        using var patched = await SendAsync(HttpMethod.Patch, job.Name, update, cancel);
        if (!patched.IsSuccessStatusCode)
            throw await CloudRunError.FromAsync(patched, $"updating job {job.Job}", cancel);
        await WaitForAsync(patched, $"updating job {job.Job}", cancel);
    }

    /// <summary>Starts an execution; its name comes in the operation's metadata (the operation itself finishes only
    /// when the execution does, so it is not waited for). <paramref name="overrides"/> (a RunJobRequest's
    /// `overrides`) belong to this execution alone: two sweeps updating one job at once still run their own tasks.
    /// </summary>
    public async Task<string> RunJobAsync(CloudRunJob job, JsonObject? overrides, CancellationToken cancel)
    {
        var body = overrides is null ? new JsonObject() : new JsonObject { ["overrides"] = overrides };
        using var response = await SendAsync(HttpMethod.Post, $"{job.Name}:run", body, cancel);
        if (!response.IsSuccessStatusCode)
            throw await CloudRunError.FromAsync(response, $"running job {job.Job}", cancel);
        using var operation = await ReadJsonAsync(response, cancel);
        return
            operation.RootElement.TryGetProperty("metadata", out var execution)
            && CloudRunJson.Text(execution, "name") is { } name
            ? name
            : throw new MlopsException(
                $"Cloud Run started job {job.Job} without naming the execution",
                CloudRunJson.Text(operation.RootElement, "name")
            );
    }

    public async Task<JobExecutionStatus> GetExecutionAsync(string execution, CancellationToken cancel)
    {
        using var response = await SendAsync(HttpMethod.Get, execution, null, cancel);
        if (!response.IsSuccessStatusCode)
            throw await CloudRunError.FromAsync(response, $"reading execution {execution}", cancel);
        using var json = await ReadJsonAsync(response, cancel);
        return CloudRunJobJson.ReadExecution(json.RootElement);
    }

    public async Task CancelExecutionAsync(string execution, CancellationToken cancel)
    {
        using var response = await SendAsync(HttpMethod.Post, $"{execution}:cancel", new JsonObject(), cancel);
        if (!response.IsSuccessStatusCode)
            throw await CloudRunError.FromAsync(response, $"cancelling execution {execution}", cancel);
        await WaitForAsync(response, $"cancelling execution {execution}", cancel);
    }

    private async Task WaitForAsync(HttpResponseMessage started, string what, CancellationToken cancel)
    {
        using var operation = await ReadJsonAsync(started, cancel);
        await WaitAsync(operation.RootElement, what, cancel);
    }
}
