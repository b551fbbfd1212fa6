using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Registry.Models;
using Mlops.Train.Runs.Store;

namespace Mlops.Ui.Releases;

/// <summary>The stores the releases page reads besides Cloud Run: the registry (versions, aliases), the runs (the
/// training reference of a version) and the shipped drift logs; each but the runs may be absent.</summary>
internal sealed record ReleaseReaders(ModelRegistry? Registry, RunStore Runs, DriftLogStore? DriftLogs)
{
    public static ReleaseReaders Of(HttpContext context) =>
        new(
            context.RequestServices.GetService<ModelRegistry>(),
            context.RequestServices.GetRequiredService<RunStore>(),
            context.RequestServices.GetService<DriftLogStore>()
        );
}
