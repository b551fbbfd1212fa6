using Mlops.Core.Artifacts;
using Mlops.Data.Drift;
using Mlops.Data.Images;
using Mlops.Serve.Metrics;

namespace Mlops.Serve.Drift;

/// <summary>
/// Live drift, for alerting: each model's last <see cref="Window"/> predictions compared with the training reference
/// by the same <see cref="DriftAnalysis"/> as `mlops drift`, just before each /metrics scrape (only when rows arrived
/// since the last comparison). Published as mlops_drift_detected, mlops_drift_psi and mlops_drift_window_rows.
/// </summary>
public sealed class DriftMonitor
{
    private readonly IReadOnlyList<DriftRecord> _reference;
    private readonly DriftAnalysis _analysis;
    private readonly ServeMetrics _metrics;
    private readonly Dictionary<string, Queue<DriftRecord>> _recent = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changed = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public DriftMonitor(IReadOnlyList<DriftRecord> reference, int window, ServeMetrics metrics, DriftAnalysis? analysis)
    {
        _reference = reference;
        Window = window;
        _metrics = metrics;
        _analysis = analysis ?? new DriftAnalysis();
        metrics.Sampling += Publish;
    }

    /// <summary>Predictions per model kept for the comparison (the most recent ones).</summary>
    public int Window { get; }

    public void Observe(IReadOnlyList<DriftRecord> records)
    {
        lock (_gate)
            foreach (var record in records)
            {
                if (!_recent.TryGetValue(record.Model, out var recent))
                    _recent[record.Model] = recent = new Queue<DriftRecord>(Window);
                if (recent.Count == Window)
                    recent.Dequeue();
                recent.Enqueue(record);
                _changed.Add(record.Model);
            }
    }

    /// <summary>Compares every model that got new rows; a model with fewer rows than the analysis needs is left
    /// unpublished (no verdict is better than a noisy one).</summary>
    public void Publish()
    {
        List<(string Model, DriftRecord[] Rows)> due;
        lock (_gate)
        {
            due = [.. _changed.Select(model => (model, _recent[model].ToArray()))];
            _changed.Clear();
        }
        foreach (var (model, rows) in due)
        {
            _metrics.DriftWindowRows.WithLabels(model).Set(rows.Length);
            if (rows.Length < _analysis.MinimumSamples)
                continue;
            var result = _analysis.Compare(_reference, rows);
            foreach (var feature in result.Features)
                _metrics.DriftPsi.WithLabels(model, feature.Feature).Set(feature.Psi);
            _metrics.DriftPsi.WithLabels(model, "prediction").Set(result.Predictions.Psi);
            _metrics.DriftDetected.WithLabels(model).Set(result.Drifted ? 1 : 0);
        }
    }
}
