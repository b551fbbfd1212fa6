using System.Globalization;
using Mlops.Deploy.Local;

namespace Mlops.Deploy.Jobs;

/// <summary>One execution of a job under podman: worker threads taking task indexes in order, each task run until it
/// succeeds or its retries are spent.</summary>
internal sealed class LocalJobExecution(PodmanEngine podman, JobSpec spec, string imageId, string name)
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private readonly Queue<int> _pending = new(Enumerable.Range(0, spec.TaskCount));
    private readonly HashSet<string> _running = [];
    private readonly List<Thread> _workers = [];
    private int _succeeded;
    private int _failed;
    private int _cancelled;
    private int _retried;
    private string? _lastError;
    private bool _cancelling;

    public void Start()
    {
        for (var i = 0; i < Math.Min(spec.Parallelism, spec.TaskCount); i++)
        {
            var worker = new Thread(Work) { IsBackground = true, Name = $"{name}-worker{i}" };
            _workers.Add(worker);
            worker.Start();
        }
    }

    public JobExecutionStatus Status()
    {
        lock (_lock)
        {
            var done = _pending.Count == 0 && _running.Count == 0 && _workers.All(worker => !worker.IsAlive);
            return new JobExecutionStatus(
                spec.TaskCount,
                _running.Count,
                _succeeded,
                _failed,
                _cancelled,
                _retried,
                done,
                _failed > 0 ? _lastError : null
            );
        }
    }

    /// <summary>No more tasks start; running ones get SIGTERM (a training task stores its checkpoint), then
    /// SIGKILL.</summary>
    public void Cancel()
    {
        string[] running;
        lock (_lock)
        {
            _cancelling = true;
            _cancelled += _pending.Count;
            _pending.Clear();
            running = [.. _running];
        }
        foreach (var container in running)
            podman.Stop(container, StopGrace);
        foreach (var worker in _workers)
            worker.Join();
    }

    private void Work()
    {
        while (Next() is { } task)
        {
            try
            {
                RunTask(task);
            }
            // podman itself failing (storage, runtime): the task fails with its message; the worker goes on.
            catch (Exception error)
            {
                lock (_lock)
                {
                    _running.RemoveWhere(container =>
                        container.StartsWith($"{name}-t{task}-", StringComparison.Ordinal)
                    );
                    _failed++;
                    _lastError = $"task {task}: {error.Message}";
                }
            }
        }
    }

    private int? Next()
    {
        lock (_lock)
            return _cancelling || _pending.Count == 0 ? null : _pending.Dequeue();
    }

    private void RunTask(int task)
    {
        for (var attempt = 0; attempt <= spec.MaxRetries; attempt++)
        {
            var container = PodmanJobEngine.ContainerName(name, task, attempt);
            lock (_lock)
            {
                if (_cancelling)
                {
                    _cancelled++;
                    return;
                }
                _running.Add(container);
            }
            var exit = RunAttempt(container, task, attempt);
            var logs = exit == 0 ? null : podman.Logs(container);
            podman.Remove(container);
            lock (_lock)
            {
                _running.Remove(container);
                if (exit == 0)
                {
                    _succeeded++;
                    return;
                }
                _lastError =
                    $"task {task} attempt {attempt}: "
                    + (exit is null ? "timed out" : $"exit {exit}")
                    + (string.IsNullOrWhiteSpace(logs) ? "" : $"\n{logs}");
                if (_cancelling)
                {
                    _cancelled++;
                    return;
                }
                if (attempt < spec.MaxRetries)
                    _retried++;
            }
        }
        lock (_lock)
            _failed++;
    }

    private int? RunAttempt(string container, int task, int attempt)
    {
        var environment = new Dictionary<string, string>(spec.Environment, StringComparer.Ordinal)
        {
            ["CLOUD_RUN_JOB"] = spec.Name,
            ["CLOUD_RUN_EXECUTION"] = name,
            ["CLOUD_RUN_TASK_INDEX"] = task.ToString(CultureInfo.InvariantCulture),
            ["CLOUD_RUN_TASK_COUNT"] = spec.TaskCount.ToString(CultureInfo.InvariantCulture),
            ["CLOUD_RUN_TASK_ATTEMPT"] = attempt.ToString(CultureInfo.InvariantCulture),
        };
        podman.RunTask(imageId, container, environment, spec.Arguments);
        // A cancel between taking the task and its container starting found nothing to stop: stop it now.
        bool cancelled;
        lock (_lock)
            cancelled = _cancelling;
        if (cancelled)
            podman.Stop(container, StopGrace);
        var exit = podman.Wait(container, spec.TaskTimeout);
        if (exit is null)
            podman.Stop(container, StopGrace);
        return exit;
    }
}
