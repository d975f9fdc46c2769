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
        let tree = Build(spine, [], maxForwardLength)
        select sharing ? ShareAcrossContainers(tree, share.Item1, share.Item2) : tree;

    /// <summary>
    /// Linear layers, each with a bias one time in two, for properties about which weights move and how far (see
    /// <see cref="ScenarioGenerators"/>).
    /// </summary>
    public static Gen<TreeDescription> LinearTrees(bool sharing = true, int maxForwardLength = MaxForwardLength) =>
        Trees(Gen.Elements(false, true).Select(useBias => (ActivationKind.Linear, useBias)), sharing, maxForwardLength);

    /// <summary>
    /// Linear trees of at most <paramref name="denseLayers"/> dense applications with a batch normalization <c>bn1</c>
    /// put first in the forward pass: at the front of a container on the leftmost path from the root that is used
    /// once, so the normalization runs once, on the data, with no trainable weight before it.
    /// </summary>
    public static Gen<TreeDescription> TreesWithBatchNorm(int denseLayers) =>
        from tree in LinearTrees(sharing: true, maxForwardLength: denseLayers)
        from host in Gen.Elements(LeftmostOnce(tree).ToArray())
        select WithBatchNormFirstIn(tree, host);

    /// <summary>Layers with any activation, with or without bias, for properties that do not train.</summary>
    public static Gen<TreeDescription> MixedTrees(bool sharing = true) =>
        Trees(
            from activation in Gen.Elements(ActivationKind.Linear, ActivationKind.Sigmoid, ActivationKind.Tanh)
            from useBias in Gen.Elements(false, true)
            select (activation, useBias),
            sharing,
            MaxMixedForwardLength);

    private static Gen<Shape> Box(int depth, int budget, Gen<(ActivationKind, bool)> leaf) =>
        from count in Gen.Frequency((1, Gen.Constant(1)), (3, Gen.Constant(2)), (2, Gen.Constant(3))).Select(c => Math.Min(c, budget))
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

    // Calls one layer of the deepest container from another container too; a layer cannot close a cycle.
    private static TreeDescription ShareAcrossContainers(TreeDescription tree, int layer, int position)
    {
        var levels = new Dictionary<string, int>();
        void Walk(string name, int level)
        {
            levels[name] = level;
            foreach (var call in tree[name] is ContainerDescription c ? c.Calls : [])
            {
                Walk(call, level + 1);
            }
        }

        Walk(tree.Root, 0);
        var deepest = tree.Containers.MaxBy(c => levels[c.Name])!;
        var shared = deepest.Calls.Where(call => tree[call] is not ContainerDescription).ToArray();
        var others = tree.Containers.Where(c => c != deepest).ToArray();
        if (shared.Length == 0 || others.Length == 0)
        {
            return tree;
        }

        var host = others[position % others.Length];
        var calls = host.Calls.Insert(position % (host.Calls.Length + 1), shared[layer % shared.Length]);
        return new TreeDescription(tree.Width, tree.Nodes.Replace(host, host with { Calls = calls }), tree.Root);
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
    private static TreeDescription Build(Shape root, IEnumerable<(int Call, int Target)> rewires, int maxForwardLength)
    {
        var nodes = new List<NodeDescription>();
        var counters = new int[2];
        string Name(Shape shape, IEnumerable<string> calls)
        {
            var isLeaf = shape is LeafShape;
            var name = ReferenceEquals(shape, root) ? "model" : $"{(isLeaf ? "d" : "c")}{++counters[isLeaf ? 0 : 1]}";
            nodes.Add(shape switch
            {
                LeafShape l => new DenseDescription(name, l.Activation, l.UseBias),
                _ => new ContainerDescription(name, [.. calls]),
            });
            return name;
        }

        string Visit(Shape shape) => shape switch
        {
            BoxShape box => Name(box, box.Children.Select(Visit).ToArray()),
            _ => Name(shape, []),
        };

        Visit(root);
        var tree = new TreeDescription(Width, nodes, "model");
        foreach (var (call, target) in rewires)
        {
            tree = Rewire(tree, call, target, maxForwardLength);
        }

        return Prune(tree);
    }

    private static TreeDescription Rewire(TreeDescription tree, int call, int target, int maxForwardLength)
    {
        var slots = tree.Containers.SelectMany(c => c.Calls.Select((_, i) => (Container: c, Index: i))).ToArray();
        var (container, index) = slots[call % slots.Length];
        var position = tree.Nodes.IndexOf(container);
        var earlier = tree.Nodes.Take(position).Where(n => n.Name != container.Calls[index]).ToArray();
        if (earlier.Length == 0)
        {
            return tree;
        }

        var rewired = container with { Calls = container.Calls.SetItem(index, earlier[target % earlier.Length].Name) };
        var candidate = new TreeDescription(tree.Width, tree.Nodes.Replace(container, rewired), tree.Root);
        return candidate.ForwardLength <= maxForwardLength && candidate.Depth <= MaxDepth ? candidate : tree;
    }

    /// <summary>Drops nodes no longer reachable from the root.</summary>
    public static TreeDescription Prune(TreeDescription tree)
    {
        var reachable = tree.UseCounts().Where(kv => kv.Value > 0).Select(kv => kv.Key).ToHashSet();
        return new TreeDescription(tree.Width, tree.Nodes.Where(n => reachable.Contains(n.Name)), tree.Root);
    }
}
