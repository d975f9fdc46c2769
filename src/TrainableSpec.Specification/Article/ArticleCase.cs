using System.Collections.Immutable;
using TrainableSpec.Specification.Descriptions;

namespace TrainableSpec.Specification.Article;

/// <summary>One of the article's four cases.</summary>
/// <param name="ContainerTrainable"><c>shared_layer.trainable</c>.</param>
/// <param name="LayerTrainable"><c>dense_1.trainable</c> (the article's <c>layers[1]</c>).</param>
public sealed record ArticleCase(bool ContainerTrainable, bool LayerTrainable)
{
    /// <summary>A file-name-safe name such as <c>container_True_layer_False</c>.</summary>
    public string Name => $"container_{ContainerTrainable}_layer_{LayerTrainable}";
}
