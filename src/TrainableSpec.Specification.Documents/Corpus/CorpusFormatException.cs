namespace TrainableSpec.Specification.Corpus;

/// <summary>A corpus file that cannot be read: the message names the file and what is wrong.</summary>
public sealed class CorpusFormatException(string path, string reason) : Exception($"{path}: {reason}")
{
    /// <summary>The file.</summary>
    public string Path { get; } = path;

    /// <summary>What is wrong with it.</summary>
    public string Reason { get; } = reason;
}
