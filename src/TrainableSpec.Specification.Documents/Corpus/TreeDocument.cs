namespace TrainableSpec.Specification.Corpus;

/// <summary>A described tree.</summary>
public sealed record TreeDocument(int Width, string Root, NodeDocument[] Nodes);
