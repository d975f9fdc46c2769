using System.Collections.Immutable;
using System.Runtime.InteropServices;
using TrainableSpec.Specification.Descriptions;

namespace TrainableSpec.Specification.Generators;

/// <summary>
/// A generated tree while sharing is wired in: nodes by index, in the order they are named (children before their
/// container, the root last), each container's calls as indices. Rewiring edits it in place and measures the forward
/// length and depth in one pass over the nodes, so a tree is built and validated once, by <see cref="ToTree"/>, not once
/// per attempted rewire. Every call points at an earlier node, so no rewire can close a cycle.
/// </summary>
internal sealed class TreeDraft
{
    // The names a tree within the bounds uses, made once; a longer tree's further names are made as they come.
    private static readonly string[] DenseNames = [.. Enumerable.Range(1, 32).Select(i => $"d{i}")];
    private static readonly string[] ContainerNames = [.. Enumerable.Range(1, 32).Select(i => $"c{i}")];

    private readonly List<(string Name, LeafShape? Leaf, List<int>? Calls)> _nodes = [];

    private TreeDraft()
    {
    }

    /// <summary>The shape's nodes named <c>d1…</c> and <c>c1…</c> in post-order, the root <c>model</c>.</summary>
    public static TreeDraft Of(Shape root)
    {
        var draft = new TreeDraft();
        var (dense, containers) = (0, 0);
        int Visit(Shape shape)
        {
            List<int>? calls = null;
            if (shape is BoxShape box)
            {
                calls = new List<int>(box.Children.Length);
                foreach (var child in box.Children)
                {
                    calls.Add(Visit(child));
                }
            }

            var name = ReferenceEquals(shape, root) ? "model"
                : calls is null ? Name(DenseNames, 'd', ++dense)
                : Name(ContainerNames, 'c', ++containers);
            draft._nodes.Add((name, shape as LeafShape, calls));
            return draft._nodes.Count - 1;
        }

        _ = Visit(root);
        return draft;
    }

    /// <summary>
    /// Points call <paramref name="call"/> (modulo the calls of all containers, in node order) at a node named before its
    /// container, chosen by <paramref name="target"/>, unless the forward pass would then exceed
    /// <paramref name="maxForwardLength"/> or the nesting <see cref="TreeGenerators.MaxDepth"/>.
    /// </summary>
    public void Rewire(int call, int target, int maxForwardLength)
    {
        var (calls, position) = Slot(ref call);
        var current = calls[call];
        // The nodes before the container, but the one the call already names.
        var count = position - (current < position ? 1 : 0);
        if (count == 0)
        {
            return;
        }

        var chosen = target % count;
        calls[call] = chosen >= current ? chosen + 1 : chosen;
        var (length, depth) = Measure();
        if (length > maxForwardLength || depth > TreeGenerators.MaxDepth)
        {
            calls[call] = current;
        }
    }

    /// <summary>
    /// Calls one layer of the deepest container from another container too (the first deepest in node order; the layer
    /// and the host chosen by <paramref name="layer"/> and <paramref name="position"/>); a layer cannot close a cycle.
    /// </summary>
    public void ShareAcrossContainers(int layer, int position)
    {
        var levels = new int[_nodes.Count];
        void Walk(int node, int level)
        {
            levels[node] = level;
            foreach (var call in _nodes[node].Calls ?? [])
            {
                Walk(call, level + 1);
            }
        }

        Walk(_nodes.Count - 1, 0);
        var containers = Enumerable.Range(0, _nodes.Count).Where(i => _nodes[i].Calls is not null).ToArray();
        var deepest = containers.MaxBy(i => levels[i]);
        var shared = _nodes[deepest].Calls!.Where(call => _nodes[call].Calls is null).ToArray();
        var others = containers.Where(c => c != deepest).ToArray();
        if (shared.Length == 0 || others.Length == 0)
        {
            return;
        }

        var host = _nodes[others[position % others.Length]].Calls!;
        host.Insert(position % (host.Count + 1), shared[layer % shared.Length]);
    }

    /// <summary>The tree, without nodes the root no longer reaches: built and validated here, once.</summary>
    public TreeDescription ToTree()
    {
        var reachable = new bool[_nodes.Count];
        void Reach(int node)
        {
            if (!reachable[node])
            {
                reachable[node] = true;
                foreach (var call in _nodes[node].Calls ?? [])
                {
                    Reach(call);
                }
            }
        }

        Reach(_nodes.Count - 1);
        var nodes = new List<NodeDescription>(_nodes.Count);
        for (var i = 0; i < _nodes.Count; i++)
        {
            if (reachable[i])
            {
                nodes.Add(Describe(_nodes[i]));
            }
        }

        // Handed over as an immutable array, which the tree keeps without copying.
        return new TreeDescription(TreeGenerators.Width, ImmutableCollectionsMarshal.AsImmutableArray(nodes.ToArray()), "model");
    }

    private static string Name(string[] names, char prefix, int number) =>
        number <= names.Length ? names[number - 1] : $"{prefix}{number}";

    private NodeDescription Describe((string Name, LeafShape? Leaf, List<int>? Calls) node)
    {
        if (node.Calls is not { } calls)
        {
            return new DenseDescription(node.Name, node.Leaf!.Activation, node.Leaf.UseBias);
        }

        var names = new string[calls.Count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = _nodes[calls[i]].Name;
        }

        return new ContainerDescription(node.Name, ImmutableCollectionsMarshal.AsImmutableArray(names));
    }

    // The container holding call number `call` (modulo all calls, containers in node order), its position, and the
    // call's index in it (left in `call`).
    private (List<int> Calls, int Position) Slot(ref int call)
    {
        var total = _nodes.Sum(n => n.Calls?.Count ?? 0);
        call %= total;
        for (var i = 0; ; i++)
        {
            if (_nodes[i].Calls is { } calls)
            {
                if (call < calls.Count)
                {
                    return (calls, i);
                }

                call -= calls.Count;
            }
        }
    }

    // The root's forward length and nesting depth, as TreeDescription defines them, in one pass: calls point backwards.
    private (int Length, int Depth) Measure()
    {
        var length = new int[_nodes.Count];
        var depth = new int[_nodes.Count];
        for (var i = 0; i < _nodes.Count; i++)
        {
            if (_nodes[i].Calls is not { } calls)
            {
                length[i] = 1;
                continue;
            }

            foreach (var call in calls)
            {
                length[i] += length[call];
                depth[i] = Math.Max(depth[i], _nodes[call].Calls is null ? 0 : 1 + depth[call]);
            }
        }

        return (length[^1], depth[^1]);
    }
}
