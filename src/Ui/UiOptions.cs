namespace Mlops.Ui;

/// <summary>What `mlops ui` serves and where.</summary>
/// <param name="Runs">The run store: a folder, file://folder or gs://bucket/prefix.</param>
/// <param name="Url">Where to listen; loopback by default, so nothing is exposed until asked.</param>
/// <param name="Registry">The model registry: file://folder or gs://bucket/prefix; null = no registry pages.</param>
public sealed record UiOptions(string Runs, string Url = "http://127.0.0.1:5000", string? Registry = null);
