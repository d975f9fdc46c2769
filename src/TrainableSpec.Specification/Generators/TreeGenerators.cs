using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using TrainableSpec.Specification.Descriptions;

namespace TrainableSpec.Specification.Generators;

/// <summary>
/// Random nested container trees. Depth and the number of layers grow with FsCheck's size; leaves are dense
/// layers; containers nest containers; some calls are rewired to nodes built earlier, so one instance is
/// reached through two paths (in one container or in two). Nodes are named <c>d1…</c>, <c>c1…</c>, and the
/// root <c>model</c>.
/// </summary>
public static class TreeGenerators
{
    /// <summary>The width of every generated layer (the article's 3).</summary>
    public const int Width = 3;

    /// <summary>The most dense applications one forward pass makes; see <see cref="ScenarioGenerators"/> for why it is bounded.</summary>
    public const int MaxForwardLength = 8;

    /// <summary>The deepest nesting of containers below the model.</summary>
    public const int MaxDepth = 4;

    /// <summary>Trees whose layers are all drawn from <paramref name="leaf"/>; with <paramref name="sharing"/> false, every node is reached once.</summary>
    public static Gen<TreeDescription> Trees(Gen<(ActivationKind Activation, bool UseBias)> leaf, bool sharing = true, int maxForwardLength = MaxForwardLength) =>
        Gen.Sized(size =>
            from root in Box(Math.Min(MaxDepth, 1 + (size / 20)), Math.Min(maxForwardLength, 2 + (size / 12)), leaf)
            from rewires in Gen.ListOf(Gen.Two(Gen.Choose(0, 9_999)), sharing ? Math.Min(4, size / 15) : 0)
            select Build(root, rewires, maxForwardLength));

    /// <summary>Linear layers without bias, for properties about which weights move (see <see cref="ScenarioGenerators"/>).</summary>
    public static Gen<TreeDescription> LinearTrees(bool sharing = true, int maxForwardLength = MaxForwardLength) =>
        Trees(Gen.Constant((ActivationKind.Linear, false)), sharing, maxForwardLength);

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
            sharing);

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

    /// <summary>
    /// Names the shape's nodes and wires sharing in: each rewire points one call at a node named before it
    /// (so never at an ancestor: no cycle can arise) when that keeps the forward pass within bounds.
    /// </summary>
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
        var nodes = tree.Nodes.Replace(container, container with { Calls = container.Calls.Insert(0, "bn1") }).Insert(0, new BatchNormDescription("bn1"));
        return new TreeDescription(tree.Width, nodes, tree.Root);
    }

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
