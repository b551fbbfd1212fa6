using Mlops.Deploy.Tests.Fixtures;

namespace Mlops.Cli.Tests.BadInput;

/// <summary>`mlops predict --out` naming a folder is refused before the model is loaded or any image predicted.</summary>
public sealed class PredictOutputTests
{
    [Fact]
    public void An_output_that_is_a_folder_is_refused_first_naming_out()
    {
        var folder = Directory.CreateTempSubdirectory("mlops-predict-out-").FullName;
        try
        {
            string[] arguments =
            [
                Path.Combine(AppContext.BaseDirectory, "mlops.dll"),
                "predict",
                "--model",
                Path.Combine(folder, "absent.onnx"),
                "--input",
                "fashion-mnist:test:5",
                "--out",
                folder,
            ];

            var result = ProcessRunner.Run("dotnet", arguments, timeout: TimeSpan.FromSeconds(60));

            result.ExitCode.Should().Be(2, result.Error + result.Output);
            result
                .Error.Trim()
                .Should()
                .Be($"error: --out: '{folder}' is a folder; give the path of the file to write");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
