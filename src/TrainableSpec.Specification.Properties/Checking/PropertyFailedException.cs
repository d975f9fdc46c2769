using System.Collections.Immutable;

namespace TrainableSpec.Specification.Checking;

/// <summary>A property failed; the message holds FsCheck's report and how to replay the case.</summary>
public sealed class PropertyFailedException(PropertyReport report)
    : Exception(report.Message)
{
    /// <summary>The failed check.</summary>
    public PropertyReport Report { get; } = report;
}
