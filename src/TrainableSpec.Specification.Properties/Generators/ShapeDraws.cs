using System.Runtime.InteropServices;
using TrainableSpec.Specification.Descriptions;

namespace TrainableSpec.Specification.Generators;

/// <summary>
/// <see cref="TreeGenerators"/>' trees drawn in plain code on FsCheck's state (see <see cref="FsCheckReplay"/>): the same
/// draws, in the same order, as its combinators (<see cref="TreeGenerators.Trees"/> and
/// <see cref="TreeGenerators.DeepTrees"/>, which any leaf generator still goes through), so the same trees. Each comment
/// names the combinator a draw stands for.
/// </summary>
internal static class ShapeDraws
{
    private static readonly ActivationKind[] Activations = [ActivationKind.Linear, ActivationKind.Sigmoid, ActivationKind.Tanh];

    // Shapes are immutable and a draft names each use of one apart, so one instance per kind of leaf serves every tree.
    private static readonly LeafShape[] LeafShapes =
        [.. Activations.SelectMany(a => new[] { new LeafShape(a, false), new LeafShape(a, true) })];

    /// <summary>Draws one layer's activation and bias.</summary>
    public delegate LeafShape LeafDraw(ref FsCheckRandom random);

    /// <summary>Linear, with a bias one time in two: <c>Gen.Elements(false, true)</c>.</summary>
    public static LeafShape LinearLeaf(ref FsCheckRandom random) => LeafShapes[random.Index(2)];

    /// <summary>
    /// Any activation, then a bias one time in two: <c>Gen.Elements(Linear, Sigmoid, Tanh)</c>, <c>Gen.Elements(false, true)</c>.
    /// </summary>
    public static LeafShape MixedLeaf(ref FsCheckRandom random)
    {
        var activation = random.Index(Activations.Length);
        return LeafShapes[(2 * activation) + random.Index(2)];
    }

    /// <summary>A tree of <see cref="TreeGenerators.Trees"/>.</summary>
    public static TreeDescription Tree(ref FsCheckRandom random, int size, LeafDraw leaf, bool sharing, int maxForwardLength)
    {
        // Gen.Frequency((2, sized trees), (1, deep trees)).
        if (random.Frequency([2, 1]) != 0)
        {
            return DeepTree(ref random, leaf, sharing, maxForwardLength);
        }

        var root = Box(ref random, Math.Min(TreeGenerators.MaxDepth, 1 + (size / 20)), Math.Min(maxForwardLength, 2 + (size / 5)), leaf);
        var draft = TreeDraft.Of(root);
        // Gen.ListOf(Gen.Two(Gen.Choose(0, 9_999)), count): the draft draws nothing, so each rewire may follow its draw.
        var rewires = sharing ? Math.Min(4, size / 15) : 0;
        for (var i = 0; i < rewires; i++)
        {
            var call = random.Choose(0, 9_999);
            draft.Rewire(call, random.Choose(0, 9_999), maxForwardLength);
        }

        return draft.ToTree();
    }

    /// <summary>A tree of <see cref="TreeGenerators.DeepTrees"/>.</summary>
    public static TreeDescription DeepTree(ref FsCheckRandom random, LeafDraw leaf, bool sharing, int maxForwardLength)
    {
        var spine = Spine(ref random, TreeGenerators.MaxDepth, maxForwardLength - (sharing ? 1 : 0), leaf);
        // Gen.Two(Gen.Choose(0, 9_999)), drawn with or without sharing.
        var layer = random.Choose(0, 9_999);
        var position = random.Choose(0, 9_999);
        var draft = TreeDraft.Of(spine);
        if (sharing)
        {
            draft.ShareAcrossContainers(layer, position);
        }

        return draft.ToTree();
    }

    private static BoxShape Box(ref FsCheckRandom random, int depth, int budget, LeafDraw leaf)
    {
        // ChildCounts: Gen.Frequency((1, 1), (3, 2), (2, 3)), at most the budget.
        var count = Math.Min(1 + random.Frequency([1, 3, 2]), budget);
        var children = new Shape[Math.Max(count, 0)];
        // Children: each child may use what its later siblings leave.
        for (var i = 0; i < children.Length; i++)
        {
            children[i] = Child(ref random, depth - 1, budget - (count - i - 1), leaf);
            budget -= children[i].ForwardLength;
        }

        return new BoxShape(ImmutableCollectionsMarshal.AsImmutableArray(children));
    }

    private static Shape Child(ref FsCheckRandom random, int depth, int budget, LeafDraw leaf) =>
        // Gen.Frequency((1, leaf), (1, box)) where a box fits.
        depth <= 0 || budget < 2 || random.Frequency([1, 1]) == 0 ? leaf(ref random) : Box(ref random, depth, budget, leaf);

    private static BoxShape Spine(ref FsCheckRandom random, int depth, int budget, LeafDraw leaf)
    {
        if (depth == 0)
        {
            // Gen.Choose(1, Math.Min(2, budget)), then that many leaves (Gen.ArrayOf: none for a count below one).
            var leaves = Leaves(ref random, random.Choose(1, Math.Min(2, budget)), leaf);
            return new BoxShape(ImmutableCollectionsMarshal.AsImmutableArray(leaves));
        }

        var extra = Leaves(ref random, random.Choose(0, Math.Min(1, budget - 1)), leaf);
        var inner = Spine(ref random, depth - 1, budget - extra.Length, leaf);
        var position = random.Choose(0, extra.Length);
        return new BoxShape([.. extra.AsSpan(0, position), inner, .. extra.AsSpan(position)]);
    }

    private static Shape[] Leaves(ref FsCheckRandom random, int count, LeafDraw leaf)
    {
        var leaves = new Shape[Math.Max(count, 0)];
        for (var i = 0; i < leaves.Length; i++)
        {
            leaves[i] = leaf(ref random);
        }

        return leaves;
    }
}
