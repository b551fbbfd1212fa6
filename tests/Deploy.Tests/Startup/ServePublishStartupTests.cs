using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using Mlops.Deploy.Image;
using Mlops.Deploy.Tests.Fixtures;

namespace Mlops.Deploy.Tests.Startup;

/// <summary>The image's server publish carries its cold-start settings: precompiled start path, IL elsewhere, lean runtime options.</summary>
public class ServePublishStartupTests
{
    private static string Published(string file) => Path.Combine(ServePublish.Directory, file);

    [Fact]
    public void Every_assembly_of_the_start_path_is_precompiled()
    {
        var startup = File.ReadAllLines(
                Path.Combine(ServePublish.RepositoryRoot, "src", "Serve", "Startup", "startup-assemblies.txt")
            )
            .Where(line => line.Length > 0)
            .ToList();
        startup
            .Should()
            .Contain([
                "System.Private.CoreLib.dll",
                "Microsoft.AspNetCore.Server.Kestrel.Core.dll",
                "mlops-serve.dll",
                "Mlops.Onnx.dll",
            ]);

        startup
            .Where(name => !File.Exists(Published(name)))
            .Should()
            .BeEmpty("the list names what the publish holds (else rerun bench/deploy/startup_assemblies.sh)");
        startup.Where(name => HasMethodBodies(Published(name)) && !IsReadyToRun(Published(name))).Should().BeEmpty();
    }

    [Fact]
    public void Assemblies_off_the_start_path_stay_il_only_to_keep_the_image_small()
    {
        // Newtonsoft.Json serves only gs:// credentials; System.Private.Xml nothing on the start path.
        IsReadyToRun(Published("Newtonsoft.Json.dll")).Should().BeFalse();
        IsReadyToRun(Published("System.Private.Xml.dll")).Should().BeFalse();
    }

    [Fact]
    public void Framework_assemblies_the_server_never_uses_are_trimmed_away()
    {
        File.Exists(Published("Microsoft.AspNetCore.Components.Server.dll")).Should().BeFalse();
        File.Exists(Published("Microsoft.AspNetCore.Mvc.Razor.dll")).Should().BeFalse();
        File.Exists(Published("Microsoft.AspNetCore.Mvc.ViewFeatures.dll")).Should().BeFalse();
    }

    [Fact]
    public void The_runtime_starts_with_workstation_gc_and_without_the_instrumented_tier()
    {
        using var config = JsonDocument.Parse(
            File.ReadAllText(Published($"{RuntimeLayer.ServerExecutable}.runtimeconfig.json"))
        );
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        properties.GetProperty("System.GC.Server").GetBoolean().Should().BeFalse();
        properties.GetProperty("System.Runtime.TieredPGO").GetBoolean().Should().BeFalse();
        properties.GetProperty("System.Globalization.Invariant").GetBoolean().Should().BeTrue();
    }

    /// <summary>False for facades and interface-only assemblies: nothing in them to precompile.</summary>
    private static bool HasMethodBodies(string assembly)
    {
        using var reader = new PEReader(File.OpenRead(assembly));
        var metadata = reader.GetMetadataReader();
        return metadata.MethodDefinitions.Any(handle =>
            metadata.GetMethodDefinition(handle).RelativeVirtualAddress != 0
        );
    }

    /// <summary>A ReadyToRun image carries native code, announced by the CLI header's managed native header directory.</summary>
    private static bool IsReadyToRun(string assembly)
    {
        using var reader = new PEReader(File.OpenRead(assembly));
        return reader.PEHeaders.CorHeader is { ManagedNativeHeaderDirectory.Size: > 0 };
    }
}
