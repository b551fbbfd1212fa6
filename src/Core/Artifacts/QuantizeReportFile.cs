using System.Text.Json;
using Mlops.Core.IO;

namespace Mlops.Core.Artifacts;

/// <summary>What a version's quantize.json decided about serving: the int8 file or fp32, and why.</summary>
/// <param name="Int8File">The int8 file's name, as the report names it.</param>
public sealed record Int8Decision(bool ServeInt8, string Int8File, string Choice);

/// <summary>
/// The one writer and reader of quantize.json. Reports written before the speed check have no "serve_int8" and no
/// "choice": for them the accuracy gate ("passed") decides, as it did then.
/// </summary>
public static class QuantizeReportFile
{
    public static void Write(string folder, QuantizationReport report) =>
        AtomicFile.WriteAllText(
            Path.Combine(folder, ArtifactNames.QuantizeReport),
            JsonSerializer.Serialize(report, ArtifactJson.Indented) + "\n"
        );

    /// <summary>The serving decision, or null when the report does not state one (unreadable, or no int8
    /// file).</summary>
    public static Int8Decision? ReadDecision(ReadOnlySpan<byte> json)
    {
        try
        {
            var report = JsonSerializer.Deserialize<DecisionFields>(json, ArtifactJson.Options);
            if (report?.Int8Model is not { Length: > 0 } int8)
                return null;
            var serveInt8 = report.ServeInt8 ?? report.Passed == true;
            var choice = report.Choice
                ?? (
                    report.Passed == true
                        ? "int8 if it passed the gate (report written before speed counted)"
                        : "fp32: the gate failed"
                );
            return new Int8Decision(serveInt8, Path.GetFileName(int8), choice);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The fields of quantize.json a reader needs to decide, each optional so older reports read
    /// too.</summary>
    private sealed record DecisionFields(bool? Passed, bool? ServeInt8, string? Int8Model, string? Choice);
}
