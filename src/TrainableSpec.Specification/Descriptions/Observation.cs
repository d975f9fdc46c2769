using System.Collections.Immutable;

namespace TrainableSpec.Specification.Descriptions;

/// <summary>
/// What an implementation reports after one script step (see <c>ITrainableImplementation</c> for the conventions).
/// </summary>
/// <param name="Flags">Every node's flag as the framework reads it back now (<c>node.trainable</c>), by node name.</param>
/// <param name="Collected">After a compile, the weights the optimizer will update, as the implementation lists them
/// (a weight listed twice is reported twice); empty after any other step.</param>
/// <param name="Warning">After a fit, the warning the fit gave that the flags now make other weights trainable than the
/// last compile collected, naming them; null after any other step or when the fit warned nothing.</param>
/// <param name="Weights">Every weight of the tree (trainable or not, batch statistics included) after the step, bit-for-bit
/// as the implementation holds them: unchanged weights must read back identical.</param>
/// <param name="Refused">Whether a fit was refused (the framework threw): because nothing was left to train, or (TensorFlow.js)
/// because the optimizer's state at a position of its list had another shape than the weight there; or whether a compile
/// was refused because nothing was trainable (PyTorch's optimizer rejects an empty parameter list; report nothing
/// collected); false after any other step.</param>
/// <remarks>
/// Two observations are equal when their flags are the same dictionary instance (or, made by
/// <see cref="ByNodePosition"/>, the same tree instance and the same array instance: arrays of equal values are not the
/// same flags) and their other members are equal.
/// </remarks>
public sealed record Observation(
    ImmutableSortedDictionary<string, bool> Flags,
    ImmutableArray<string> Collected,
    StaleWarning? Warning,
    WeightSet Weights,
    bool Refused = false)
{
    // Flags read by node position (ByNodePosition): the dictionary is made from them when first asked for.
    private readonly TreeDescription? _tree;
    private readonly ImmutableArray<bool> _nodeFlags;
    private ImmutableSortedDictionary<string, bool>? _flags = Flags;

    private Observation(
        TreeDescription tree,
        ImmutableArray<bool> nodeFlags,
        ImmutableArray<string> collected,
        StaleWarning? warning,
        WeightSet weights,
        bool refused)
        : this(null!, collected, warning, weights, refused) => (_tree, _nodeFlags) = (tree, nodeFlags);

    /// <summary>Every node's flag as the framework reads it back now (<c>node.trainable</c>), by node name.</summary>
    /// <remarks>
    /// Made at the first read from flags given by node position; two threads reading first at once may each make one,
    /// of the same flags.
    /// </remarks>
    public ImmutableSortedDictionary<string, bool> Flags
    {
        get => _flags ??= ByName();
        init => (_flags, _tree, _nodeFlags) = (value, null, default);
    }

    /// <summary>
    /// An observation whose flags the implementation read by node position: <paramref name="flags"/>[i] is the flag of
    /// <paramref name="tree"/>'s node i (<see cref="TreeDescription.Nodes"/>; pass the scenario's tree). <see cref="Flags"/>
    /// holds them by name, made when first read; the checks compare them by position, so a passing run's checks make no
    /// dictionary. For an engine that reads every flag after every step, this is the cheaper way to report them; it
    /// reports the same. The array is held, not copied: an <see cref="ImmutableArray{T}"/> is never written, and one made
    /// over a buffer the engine writes again (through <c>ImmutableCollectionsMarshal</c>) would change what earlier
    /// steps report.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="flags"/> does not hold one flag per node.</exception>
    public static Observation ByNodePosition(
        TreeDescription tree,
        ImmutableArray<bool> flags,
        ImmutableArray<string> collected,
        StaleWarning? warning,
        WeightSet weights,
        bool refused = false)
    {
        ArgumentNullException.ThrowIfNull(tree);
        if (flags.IsDefault || flags.Length != tree.Nodes.Length)
        {
            throw new ArgumentException(
                $"The tree has {tree.Nodes.Length} nodes, but {(flags.IsDefault ? 0 : flags.Length)} flags were given by node position.",
                nameof(flags));
        }

        return new Observation(tree, flags, collected, warning, weights, refused);
    }

    /// <summary>The tree and its flags by node position, when the observation was made by <see cref="ByNodePosition"/>.</summary>
    internal bool TryGetNodeFlags(out TreeDescription tree, out ImmutableArray<bool> flags)
    {
        (tree, flags) = (_tree!, _nodeFlags);
        return _tree is not null;
    }

    /// <summary>
    /// Whether both hold the very same flags as given: the same dictionary instance, or the same tree and array instances.
    /// </summary>
    internal bool HasTheFlagsOf(Observation other) =>
        _tree is null
            ? other._tree is null && ReferenceEquals(_flags, other._flags)
            : ReferenceEquals(_tree, other._tree) && _nodeFlags == other._nodeFlags;

    /// <inheritdoc />
    public bool Equals(Observation? other) =>
        ReferenceEquals(this, other)
        || (other is not null
            && HasTheFlagsOf(other)
            && Collected == other.Collected
            && Equals(Warning, other.Warning)
            && Equals(Weights, other.Weights)
            && Refused == other.Refused);

    /// <inheritdoc />
    public override int GetHashCode() =>
        HashCode.Combine((object?)_tree ?? _flags, Collected, Warning, Weights, Refused);

    // Null when the observation was made with null flags, as it read before flags could be given by position.
    private ImmutableSortedDictionary<string, bool> ByName()
    {
        if (_tree is null)
        {
            return null!;
        }

        var nodes = _tree.Nodes;
        var flags = ImmutableSortedDictionary.CreateBuilder<string, bool>(StringComparer.Ordinal);
        for (var i = 0; i < nodes.Length; i++)
        {
            flags.Add(nodes[i].Name, _nodeFlags[i]);
        }

        return flags.ToImmutable();
    }
}
