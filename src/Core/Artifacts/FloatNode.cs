namespace Mlops.Core.Artifacts;

/// <summary>A node the quantizer left in float, and why.</summary>
public sealed record FloatNode(string Name, string OpType, string Reason);
