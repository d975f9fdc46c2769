using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using TrainableSpec.Specification.Descriptions;

namespace TrainableSpec.Specification.Generators;

/// <summary>
/// Random nested container trees. Two in three grow with FsCheck's size: depth and the number of layers with it,
/// some calls rewired to nodes built earlier, so one instance is reached through two paths (in one container or in
/// two). One in three, at every size, nests containers <see cref="MaxDepth"/> deep and (with sharing) calls a layer
/// of the deepest container from a container above it too, so that even a short run meets deep trees and sharing
/// across containers. Nodes are named <c>d1…</c>, <c>c1…</c>, and the root <c>model</c>.
/// </summary>
public static class TreeGenerators
{
    /// <summary>The width of every generated layer (the article's 3).</summary>
    public const int Width = 3;

    /// <summary>
    /// The most dense applications one forward pass of a training tree makes; see <see cref="ScenarioGenerators"/> for what
    /// bounds it.
    /// </summary>
    public const int MaxForwardLength = 20;

    /// <summary>
    /// The most dense applications of a tree with any numbers (gradient probes,
    /// <see cref="ScenarioGenerators.ScenariosWithAnyNumbers"/>), whose values are not kept near 1.
    /// </summary>
    public const int MaxMixedForwardLength = 8;

    /// <summary>The deepest nesting of containers below the model.</summary>
    public const int MaxDepth = 4;

    /// <summary>
    /// Trees whose layers are all drawn from <paramref name="leaf"/>; with <paramref name="sharing"/> false, every node is
    /// reached once.
    /// </summary>
    public static Gen<TreeDescription> Trees(
        Gen<(ActivationKind Activation, bool UseBias)> leaf, bool sharing = true, int maxForwardLength = MaxForwardLength) =>
        Gen.Frequency(
            (2, Gen.Sized(size =>
                from root in Box(Math.Min(MaxDepth, 1 + (size / 20)), Math.Min(maxForwardLength, 2 + (size / 5)), leaf)
                from rewires in Gen.ListOf(Gen.Two(Gen.Choose(0, 9_999)), sharing ? Math.Min(4, size / 15) : 0)
                select Build(root, rewires, maxForwardLength))),
            (1, DeepTrees(leaf, sharing, maxForwardLength)));

    /// <summary>
    /// Trees nested <see cref="MaxDepth"/> containers deep whatever the size; with <paramref name="sharing"/>, a layer
    /// of the deepest container is also called from a container above it (shared across two containers).
    /// </summary>
    public static Gen<TreeDescription> DeepTrees(
        Gen<(ActivationKind Activation, bool UseBias)> leaf, bool sharing = true, int maxForwardLength = MaxForwardLength) =>
        from spine in Spine(MaxDepth, maxForwardLength - (sharing ? 1 : 0), leaf)
        from share in Gen.Two(Gen.Choose(0, 9_999))
        select Build(spine, sharing ? draft => draft.ShareAcrossContainers(share.Item1, share.Item2) : _ => { });

    /// <summary>
    /// Linear layers, each with a bias one time in two, for properties about which weights move and how far (see
    /// <see cref="ScenarioGenerators"/>).
    /// </summary>
    public static Gen<TreeDescription> LinearTrees(bool sharing = true, int maxForwardLength = MaxForwardLength) =>
        FsCheckReplay.Of((ref FsCheckRandom random, int size) =>
            ShapeDraws.Tree(ref random, size, ShapeDraws.LinearLeaf, sharing, maxForwardLength));

    /// <summary>
    /// Linear trees of at most <paramref name="denseLayers"/> dense applications with a batch normalization <c>bn1</c>
    /// put first in the forward pass: at the front of a container on the leftmost path from the root that is used
    /// once, so the normalization runs once, on the data, with no trainable weight before it.
    /// </summary>
    public static Gen<TreeDescription> TreesWithBatchNorm(int denseLayers) =>
        FsCheckReplay.Of((ref FsCheckRandom random, int size) => TreeWithBatchNorm(ref random, size, denseLayers));

    /// <summary>Layers with any activation, with or without bias, for properties that do not train.</summary>
    public static Gen<TreeDescription> MixedTrees(bool sharing = true) =>
        FsCheckReplay.Of((ref FsCheckRandom random, int size) =>
            ShapeDraws.Tree(ref random, size, ShapeDraws.MixedLeaf, sharing, MaxMixedForwardLength));

    /// <summary>A tree of <see cref="TreesWithBatchNorm"/>: a linear tree, then the host, as <c>Gen.Elements</c> draws it.</summary>
    internal static TreeDescription TreeWithBatchNorm(ref FsCheckRandom random, int size, int denseLayers)
    {
        var tree = ShapeDraws.Tree(ref random, size, ShapeDraws.LinearLeaf, sharing: true, denseLayers);
        var hosts = LeftmostOnce(tree).ToArray();
        return WithBatchNormFirstIn(tree, hosts[random.Index(hosts.Length)]);
    }

    // One, two or three children, two the likeliest; built once, as it depends on nothing.
    private static readonly Gen<int> ChildCounts = Gen.Frequency((1, Gen.Constant(1)), (3, Gen.Constant(2)), (2, Gen.Constant(3)));

    private static Gen<Shape> Box(int depth, int budget, Gen<(ActivationKind, bool)> leaf) =>
        from count in ChildCounts.Select(c => Math.Min(c, budget))
        from children in Children(count, depth - 1, budget, leaf)
        select (Shape)new BoxShape([.. children]);

    /// <summary>Each child may use what its later siblings leave: at least one dense application each.</summary>
    private static Gen<ImmutableList<Shape>> Children(int count, int depth, int budget, Gen<(ActivationKind, bool)> leaf) =>
        count == 0
            ? Gen.Constant(ImmutableList<Shape>.Empty)
            : from first in Child(depth, budget - (count - 1), leaf)
              from rest in Children(count - 1, depth, budget - first.ForwardLength, leaf)
              select rest.Insert(0, first);

    private static Gen<Shape> Child(int depth, int budget, Gen<(ActivationKind, bool)> leaf)
    {
        var leafShape = leaf.Select(l => (Shape)new LeafShape(l.Item1, l.Item2));
        return depth <= 0 || budget < 2
            ? leafShape
            : Gen.Frequency((1, leafShape), (1, Box(depth, budget, leaf)));
    }

    // A chain of containers depth deep, each with at most one extra layer beside the next, the innermost with one or two layers.
    private static Gen<Shape> Spine(int depth, int budget, Gen<(ActivationKind, bool)> leaf)
    {
        var leafShape = leaf.Select(l => (Shape)new LeafShape(l.Item1, l.Item2));
        return depth == 0
            ? from leaves in Gen.Choose(1, Math.Min(2, budget)).SelectMany(n => Gen.ArrayOf(leafShape, n))
              select (Shape)new BoxShape([.. leaves])
            : from extra in Gen.Choose(0, Math.Min(1, budget - 1)).SelectMany(n => Gen.ArrayOf(leafShape, n))
              from inner in Spine(depth - 1, budget - extra.Length, leaf)
              from position in Gen.Choose(0, extra.Length)
              select (Shape)new BoxShape([.. extra.Take(position), inner, .. extra.Skip(position)]);
    }

    private static IEnumerable<string> LeftmostOnce(TreeDescription tree)
    {
        var uses = tree.UseCounts();
        for (var node = tree.Root; tree[node] is ContainerDescription c && uses[node] == 1; node = c.Calls[0])
        {
            yield return node;
        }
    }

    private static TreeDescription WithBatchNormFirstIn(TreeDescription tree, string host)
    {
        var container = (ContainerDescription)tree[host];
        var nodes = tree.Nodes
            .Replace(container, container with { Calls = container.Calls.Insert(0, "bn1") })
            .Insert(0, new BatchNormDescription("bn1"));
        return new TreeDescription(tree.Width, nodes, tree.Root);
    }

    /// <summary>
    /// Names the shape's nodes and wires sharing in: each rewire points one call at a node named before it
    /// (so never at an ancestor: no cycle can arise) when that keeps the forward pass within bounds.
    /// </summary>
    private static TreeDescription Build(Shape root, IEnumerable<(int Call, int Target)> rewires, int maxForwardLength) =>
        Build(root, draft =>
        {
            foreach (var (call, target) in rewires)
            {
                draft.Rewire(call, target, maxForwardLength);
            }
        });

    // The tree is built and validated once, after the sharing is wired into its draft.
    private static TreeDescription Build(Shape root, Action<TreeDraft> share)
    {
        var draft = TreeDraft.Of(root);
        share(draft);
        return draft.ToTree();
    }

    /// <summary>Drops nodes no longer reachable from the root.</summary>
    public static TreeDescription Prune(TreeDescription tree)
    {
        var reachable = tree.UseCounts().Where(kv => kv.Value > 0).Select(kv => kv.Key).ToHashSet();
        return new TreeDescription(tree.Width, tree.Nodes.Where(n => reachable.Contains(n.Name)), tree.Root);
    }
}
