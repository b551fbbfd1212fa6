namespace Mlops.Core.Config;

/// <summary>
/// A section that may also be written as a single word, e.g. <c>normalize: auto</c> instead of
/// <c>normalize: {mean: [..], std: [..]}</c>.
/// </summary>
public interface IConfigScalarForm
{
    /// <summary>Takes the scalar form; returns null when accepted, otherwise what was expected ("'auto' or a mapping
    /// with mean and std").</summary>
    string? ReadScalar(string text);

    /// <summary>The scalar to print for the current value, or null to print it as a mapping.</summary>
    string? AsScalar();
}
