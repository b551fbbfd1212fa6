using Mlops.Core.Errors;
using Mlops.Onnx.Native;

namespace Mlops.Onnx.Tests;

public class LibraryLocatorTests
{
    [Fact]
    public void The_build_puts_the_library_next_to_the_assembly_and_it_is_the_first_place_looked()
    {
        var besideAssembly = Path.Combine(Path.GetDirectoryName(typeof(InferenceSession).Assembly.Location)!, OrtLibraryLocator.FileName);

        File.Exists(besideAssembly).Should().BeTrue();
        OrtLibraryLocator.Candidates().First().Should().Be(besideAssembly);
    }

    [Fact]
    public void A_missing_library_gives_an_error_that_lists_the_places_tried_and_the_fix()
    {
        var act = () => OrtLibraryLocator.Load(["/nonexistent/a/libonnxruntime.so.1", "/nonexistent/b/libonnxruntime.so.1"]);

        var error = act.Should().Throw<MlopsException>().Which;
        error.Message.Should().Contain("/nonexistent/a/libonnxruntime.so.1").And.Contain("/nonexistent/b/libonnxruntime.so.1")
            .And.Contain("scripts/bootstrap.sh").And.Contain(OrtLibraryLocator.EnvironmentVariable);
    }

    [Fact]
    public void A_file_that_is_not_a_shared_library_is_skipped_for_the_next_candidate()
    {
        var fake = Path.Combine(Path.GetTempPath(), $"fake-{Guid.NewGuid():N}.so");
        File.WriteAllText(fake, "not an ELF file");
        try
        {
            var real = OrtLibraryLocator.Candidates().First();

            OrtLibraryLocator.Load([fake, real]).Should().NotBe(0);
        }
        finally
        {
            File.Delete(fake);
        }
    }
}
