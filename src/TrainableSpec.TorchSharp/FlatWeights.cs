using System.Collections.Immutable;
using System.Runtime.InteropServices;
using TorchSharp.Modules;
using TrainableSpec.Specification.Descriptions;
using static TorchSharp.torch;

namespace TrainableSpec.TorchSharp;

/// <summary>
/// A tree's weights in one native float32 tensor, each weight a libtorch <see cref="Parameter"/> over its own segment
/// of that tensor's storage: the initial weights go in, and every weight comes back out, in one native copy each
/// instead of several native calls per weight. The parameters are ordinary leaves; every update to them is an in-place
/// libtorch operation, which writes the shared storage, so a read returns exactly the values libtorch holds.
/// </summary>
internal sealed class FlatWeights : IDisposable
{
    // libtorch's CPU allocator aligns a tensor to 64 bytes; every segment starts on such a boundary too, so a parameter's
    // kernels see the alignment of a tensor libtorch allocated for it alone.
    private const int Alignment = 64 / sizeof(float);

    // Two native tensors: the weights the forward pass reads, and the moving statistics. A parameter over a segment is
    // a libtorch view, and views of one tensor share its version counter; the statistics move in place during the forward
    // pass, so in the same tensor they would invalidate the kernels autograd saved before them. The graph's weights
    // themselves change only in optimizer steps, after the backward pass.
    private readonly Tensor[] _flats;
    private readonly int[] _flatStarts;
    private readonly ImmutableArray<string> _names;
    private readonly int[] _offsets;
    private readonly int[] _lengths;
    private readonly float[] _buffer;
    private readonly IntPtr[] _storages;
    private readonly ImmutableArray<float>[] _observed;
    private readonly Dictionary<string, Parameter> _parameters;
    private WeightSet? _last;

    /// <summary>The tree's weights as parameters, holding <paramref name="weights"/>.</summary>
    public FlatWeights(TreeDescription tree, WeightSet weights)
    {
        _names = [.. tree.WeightNames.Order(StringComparer.Ordinal)];
        _offsets = new int[_names.Length];
        _lengths = new int[_names.Length];
        var total = 0;
        var statistics = _names.Select(IsStatistic).ToArray();
        _flatStarts = [0, 0, 0];
        foreach (var group in new[] { false, true })
        {
            for (var i = 0; i < _names.Length; i++)
            {
                if (statistics[i] == group)
                {
                    _offsets[i] = total;
                    _lengths[i] = IsKernel(_names[i]) ? tree.Width * tree.Width : tree.Width;
                    total += (_lengths[i] + Alignment - 1) / Alignment * Alignment;
                }
            }

            _flatStarts[group ? 2 : 1] = total;
        }

        _buffer = new float[total];
        for (var i = 0; i < _names.Length; i++)
        {
            weights[_names[i]].CopyTo(_buffer.AsSpan(_offsets[i], _lengths[i]));
        }

        // Allocated by libtorch (torch.tensor of an array would pin a managed copy for the tensor's lifetime) and filled
        // in one copy each.
        _flats = new Tensor[2];
        for (var f = 0; f < _flats.Length; f++)
        {
            _flats[f] = empty([Range(f).Length], ScalarType.Float32);
            if (Range(f).Length > 0)
            {
                _flats[f].bytes = MemoryMarshal.AsBytes(Range(f));
            }
        }

        _storages = new IntPtr[_flats.Length];
        for (var f = 0; f < _flats.Length; f++)
        {
            using var storage = _flats[f].storage<float>();
            _storages[f] = storage.data_ptr();
        }

        _observed = new ImmutableArray<float>[_names.Length];
        _parameters = new Dictionary<string, Parameter>(_names.Length, StringComparer.Ordinal);
        for (var i = 0; i < _names.Length; i++)
        {
            var f = statistics[i] ? 1 : 0;
            long[] shape = IsKernel(_names[i]) ? [tree.Width, tree.Width] : [tree.Width];
            long[] strides = IsKernel(_names[i]) ? [tree.Width, 1] : [1];
            // The parameter takes over the view's handle: it is the view, sharing the flat tensor's storage.
            _parameters.Add(_names[i], new Parameter(_flats[f].as_strided(shape, strides, _offsets[i] - _flatStarts[f])));
        }
    }

    /// <summary>Every parameter by weight name.</summary>
    public IReadOnlyDictionary<string, Parameter> Parameters => _parameters;

    /// <summary>One weight's parameter.</summary>
    public Parameter this[string name] => _parameters[name];

    /// <summary>
    /// Every weight as libtorch holds it now, read in one copy from native memory. A weight whose bits are those of the
    /// last read shares that read's array, and when none changed the last read itself is returned.
    /// </summary>
    public WeightSet Read()
    {
        // bytes is a span over the tensor's native storage: the only copy is this one.
        for (var f = 0; f < _flats.Length; f++)
        {
            if (Range(f).Length > 0)
            {
                MemoryMarshal.Cast<byte, float>(_flats[f].bytes).CopyTo(Range(f));
            }
        }

        var changed = _last is null;
        for (var i = 0; i < _names.Length; i++)
        {
            var now = _buffer.AsSpan(_offsets[i], _lengths[i]);
            if (_observed[i].IsDefault
                || !MemoryMarshal.Cast<float, int>(now).SequenceEqual(MemoryMarshal.Cast<float, int>(_observed[i].AsSpan())))
            {
                _observed[i] = ImmutableCollectionsMarshal.AsImmutableArray(now.ToArray());
                changed = true;
            }
        }

        if (changed)
        {
            _last = WeightSet.Create(_names, [.. _observed]);
        }

        return _last!;
    }

    public void Dispose()
    {
        foreach (var parameter in _parameters.Values)
        {
            parameter.Dispose();
        }

        foreach (var flat in _flats)
        {
            flat.Dispose();
        }
    }

    /// <summary>
    /// Checks that every parameter still lies over its own segment: a read of the flat tensors is libtorch's values only
    /// while it does, and an operation that gave a parameter new storage (<c>set_</c>, an assignment to its data) would
    /// leave its segment stale, a moved weight reading as unchanged. Storage given anew is never given back, so one
    /// check after a scenario's last step sees a replacement at any step, and the run then fails instead of reporting
    /// stale reads (a check at every read cost two native calls per weight per step, two thirds of a run's time).
    /// </summary>
    /// <exception cref="InvalidOperationException">A parameter no longer lies over its segment.</exception>
    public void CheckParametersOverSegments()
    {
        for (var i = 0; i < _names.Length; i++)
        {
            var parameter = _parameters[_names[i]];
            var f = IsStatistic(_names[i]) ? 1 : 0;
            using var storage = parameter.storage<float>();
            if (storage.data_ptr() != _storages[f] || parameter.storage_offset() != _offsets[i] - _flatStarts[f])
            {
                throw new InvalidOperationException(
                    $"The parameter of '{_names[i]}' no longer lies over its segment of the flat weights, so they cannot be read.");
            }
        }
    }

    private Span<float> Range(int flat) => _buffer.AsSpan(_flatStarts[flat], _flatStarts[flat + 1] - _flatStarts[flat]);

    private static bool IsStatistic(string name) =>
        name.EndsWith("/moving_mean", StringComparison.Ordinal) || name.EndsWith("/moving_variance", StringComparison.Ordinal);

    private static bool IsKernel(string name) => name.EndsWith("/kernel", StringComparison.Ordinal);
}
