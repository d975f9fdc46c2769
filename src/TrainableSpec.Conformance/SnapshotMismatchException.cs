using System.Reflection;

namespace TrainableSpec.Conformance;

/// <summary>A snapshot is missing or differs; the message holds the diff and how to accept.</summary>
public sealed class SnapshotMismatchException(string message) : Exception(message);
