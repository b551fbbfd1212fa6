using Mlops.Core.Artifacts;
using Mlops.Data.Datasets;
using Mlops.Export.Quantization;

namespace Mlops.Export.Tests.Support;

/// <summary>An int8 model of a test export in seconds: small calibration and test sets, no accuracy gate (the graph is what is under test).</summary>
internal static class QuickQuantization
{
    public static QuantizationReport Run(string modelPath, string outputPath) =>
        QuantizeJob.Run(
            new QuantizeRequest
            {
                ModelPath = modelPath,
                Calibration = DatasetSpec.Parse("fashion-mnist:train"),
                OutputPath = outputPath,
                CalibrationSize = 64,
                TestSubset = 128,
                LatencyRuns = 2,
                MaxAccuracyDrop = 100,
            }
        );
}
