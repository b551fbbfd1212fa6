using Mlops.Deploy.Image;
using Mlops.Deploy.Tests.Fixtures;

namespace Mlops.Deploy.Tests.Container;

public class BaseLayerCoverageTests
{
    [Fact]
    public void Every_library_ldd_finds_for_the_published_server_and_onnxruntime_is_in_the_base_layer()
    {
        var runtime = RuntimeLayer
            .Entries(ServePublish.Directory)
            .Where(e =>
                e.Path.Contains(".so", StringComparison.Ordinal)
                || e.Path.EndsWith("/mlops-serve", StringComparison.Ordinal)
            )
            .Select(e => e.SourceFile!)
            .Append("/lib/x86_64-linux-gnu/libstb.so.0")
            .ToList();
        var shipped = BaseLayer.LinkedLibraries.Concat(BaseLayer.OpenedLibraries).ToHashSet();
        var ourOwn = runtime.Select(Path.GetFileName).ToHashSet();

        var needed = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in runtime)
        foreach (var line in ProcessRunner.Run("ldd", [file]).Output.Split('\n'))
        {
            var name = line.Trim().Split(' ')[0];
            if (name.Length == 0 || name.StartsWith("linux-vdso", StringComparison.Ordinal))
                continue;
            needed.Add(Path.GetFileName(name));
        }

        needed.Should().NotBeEmpty();
        needed
            .Where(n => !shipped.Contains(n) && !ourOwn.Contains(n))
            .Should()
            .BeEmpty("the container has nothing but the base layer and /app");
    }
}
