namespace Mlops.Export.Tests.Support;

/// <summary>A test run exported to ONNX (parity proven on 64 images to keep tests quick).</summary>
internal static class ExportedModels
{
    public static string Create(string root, string name = "tiny")
    {
        var run = TestRuns.Create(root, name);
        return ExportJob
            .Run(
                new ExportRequest
                {
                    ParityData = TestRuns.ParityData,
                    RunPath = run,
                    ParityImages = 64,
                }
            )
            .Model;
    }
}
