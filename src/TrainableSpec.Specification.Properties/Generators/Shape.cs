using System.Collections.Immutable;
using TrainableSpec.Specification.Descriptions;

namespace TrainableSpec.Specification.Generators;

/// <summary>An unnamed tree as generated, before sharing is wired in and names are given.</summary>
internal abstract record Shape
{
    public abstract int ForwardLength { get; }
}

internal sealed record LeafShape(ActivationKind Activation, bool UseBias) : Shape
{
    public override int ForwardLength => 1;
}

internal sealed record BoxShape(ImmutableArray<Shape> Children) : Shape
{
    // Summed once: a child's length is read again for each later sibling's budget.
    public override int ForwardLength { get; } = Length(Children);

    private static int Length(ImmutableArray<Shape> children)
    {
        var length = 0;
        foreach (var child in children)
        {
            length += child.ForwardLength;
        }

        return length;
    }
}
